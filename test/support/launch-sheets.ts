import ExcelJS from 'exceljs';
import type request from 'supertest';
import { templateHeaders } from '../../libs/launch-sheet';
import type { TestSystem } from './system';

/** One row of an assignment sheet, in template column order (类别 … 复杂). */
export type SheetRow = ExcelJS.CellValue[];

/** `count` valid rows numbered from `first`: suggestions, every tenth a proposal with a co-unit, every seventh key supervised. */
export function sheetRows(count: number, first = 1): SheetRow[] {
  return Array.from({ length: count }, (_, i) => {
    const n = first + i;
    const proposal = n % 10 === 0;
    return [
      proposal ? '提案' : '建议',
      proposal ? '政协九届六次会议' : '第十七届人大七次会议',
      String(n),
      `关于第${n}号事项的${proposal ? '提案' : '建议'}`,
      `第${n}号领衔${proposal ? '委员' : '代表'}`,
      n % 3 === 0 ? '联名甲、联名乙' : '',
      n % 2 === 0 ? '区民政局' : '区教育局',
      proposal ? '区司法局；区财政局' : '',
      n % 7 === 0 ? '是' : '否',
      '',
      '',
    ];
  });
}

/** An .xlsx workbook with the template's header and these rows, as an office's Excel would save it. */
export async function xlsxOf(rows: SheetRow[], edit?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('交办清单');
  sheet.addRow(templateHeaders());
  for (const row of rows) sheet.addRow(row);
  edit?.(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A CSV file (UTF-8, CRLF, BOM unless `bom: false`) with the template's header and these rows. */
export function csvOf(rows: SheetRow[], { bom = true } = {}): Buffer {
  const cell = (v: ExcelJS.CellValue) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = [templateHeaders(), ...rows].map((r) => r.map(cell).join(',')).join('\r\n');
  return Buffer.from(`${bom ? '\ufeff' : ''}${text}\r\n`, 'utf8');
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface LaunchView { launchId: string; status: string; total: number; started: number; cycleId: string; error?: string }

/** What the launch suites do over HTTP, against the system of `useTestSystem`. */
export function launchHelpers(e2e: { readonly system: TestSystem; http: () => ReturnType<typeof request> }) {
  const { http } = e2e;
  return {
    /** POST a sheet as an office's browser or the CLI does: the cycle's fields and the file, multipart. */
    upload(file: Buffer, name: string, fields: Record<string, string>, path = '/api/cycles') {
      let req = http().post(path);
      for (const [key, value] of Object.entries(fields)) req = req.field(key, value);
      return req.attach('file', file, { filename: name, contentType: name.endsWith('.csv') ? 'text/csv' : XLSX_TYPE });
    },

    /** Polls the launch resource until it is no longer running; every `started` seen, in order. */
    async follow(location: string): Promise<{ final: LaunchView; seen: number[] }> {
      const seen: number[] = [];
      // Generous: a 1,000-case launch on a busy 2-core CI machine has taken over four minutes.
      const deadline = Date.now() + 600_000;
      for (;;) {
        const res = await http().get(location);
        if (res.status !== 200) throw new Error(`GET ${location}: ${res.status} ${JSON.stringify(res.body)}`);
        const view = res.body as LaunchView;
        seen.push(view.started);
        if (view.status !== 'running') return { final: view, seen };
        if (Date.now() > deadline) throw new Error(`launch still running: ${JSON.stringify(view)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },

    /** Cases of the cycle Temporal visibility lists (eventually consistent). */
    async countCases(cycleId: string): Promise<number> {
      return (await http().get('/api/cases').query({ cycleId, limit: 5000 }).expect(200)).body.count as number;
    },

    /** Whether a workflow with this id exists (describe is consistent, unlike visibility). */
    async exists(caseId: string): Promise<boolean> {
      return e2e.system.temporal.client.workflow.getHandle(caseId).describe().then(() => true, () => false);
    },
  };
}
