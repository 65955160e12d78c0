import { CaseTable } from '../../components/CaseTable';
import { W } from '../../labels';

export default function CasesPage() {
  return <CaseTable title={W.cases.list} />;
}
