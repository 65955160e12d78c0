import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

/**
 * A running cluster (scripts/cluster.sh) as its `cluster.json` describes it. With
 * BANLI_E2E_CLUSTER=<that file>, test/support/system.ts talks to it instead of starting a system
 * of its own.
 */
export interface ClusterTopology {
  /** The cluster's directory (logs/, run/). */
  dir: string;
  /** scripts/cluster.sh of the checkout that started it. */
  script: string;
  /** The balancer in front of the API processes: what clients use. */
  apiUrl: string;
  apis: { name: string; url: string }[];
  workers: string[];
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  databaseUrl: string;
  /** The bootstrap office key (BANLI_BOOTSTRAP_OFFICE_KEY). */
  officeKey: string;
}

/** The cluster named by BANLI_E2E_CLUSTER, or undefined when suites start their own system. */
export function clusterTopology(): ClusterTopology | undefined {
  const file = process.env.BANLI_E2E_CLUSTER;
  if (!file) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterTopology;
}

/** Runs `scripts/cluster.sh <args>` on that cluster (restart, kill, start, status). */
export async function clusterCommand(topology: ClusterTopology, ...args: string[]): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)('bash', [topology.script, ...args], {
    env: { ...process.env, BANLI_CLUSTER_DIR: topology.dir },
    timeout: 600_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return `${stdout}${stderr}`;
}
