import { ApiClient, failureOf } from '../api-client';
import { CliFailure, CliIo } from '../io';
import { say, T } from '../text';

interface Reindex {
  reindexId: string;
  status: 'running' | 'completed' | 'failed';
  cases: number;
  coUnits: number;
}

/** banli reindex: rebuilds the read model from Temporal and follows it to its end. */
export async function reindex(api: ApiClient, io: CliIo, options: { pollInterval: number }): Promise<void> {
  const started = await api.postJson<Reindex>('/api/read-model/reindex', {});
  if (started.status !== 202) throw failureOf(started);
  io.stderr.write(`${say(T.reindexStarted, { reindexId: started.body.reindexId })}\n`);
  let last = '';
  for (;;) {
    const answer = await api.get<Reindex>(`/api/read-model/reindex/${started.body.reindexId}`);
    if (answer.status !== 200) throw failureOf(answer);
    const { status, cases, coUnits } = answer.body;
    const line = say(T.reindexProgress, { cases, coUnits });
    if (line !== last) io.stderr.write(`${line}\n`);
    last = line;
    if (status === 'completed') {
      io.stdout.write(`${say(T.reindexCompleted, { cases, coUnits })}\n`);
      return;
    }
    if (status === 'failed') throw new CliFailure(say(T.reindexFailed, { cases, coUnits }), 1);
    await new Promise((resolve) => setTimeout(resolve, options.pollInterval));
  }
}
