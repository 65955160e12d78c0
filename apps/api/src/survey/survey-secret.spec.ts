import 'reflect-metadata';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BanliEnv } from '../../../../libs/config';
import { SurveySecret } from './survey-secret';

async function load(env: Partial<BanliEnv>): Promise<SurveySecret> {
  const secret = new SurveySecret(Object.assign(new BanliEnv(), env));
  await secret.onModuleInit();
  return secret;
}

describe('SurveySecret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'banli-survey-secret-'));

  it('takes BANLI_SURVEY_SECRET in every mode', async () => {
    const given = 's'.repeat(40);
    for (const NODE_ENV of ['production', 'development', 'test'] as const) {
      expect((await load({ NODE_ENV, BANLI_SURVEY_SECRET: given, BANLI_SURVEY_SECRET_FILE: join(dir, 'unused.txt') })).value).toBe(given);
    }
  });

  it('refuses to start in production without it', async () => {
    await expect(load({ NODE_ENV: 'production' })).rejects.toThrow(/BANLI_SURVEY_SECRET is not set/);
  });

  it('in development, generates one into the file (mode 600) and reads it back on the next start', async () => {
    const file = join(dir, 'data', 'survey-secret.txt');
    const first = (await load({ NODE_ENV: 'development', BANLI_SURVEY_SECRET_FILE: file })).value;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await load({ NODE_ENV: 'development', BANLI_SURVEY_SECRET_FILE: file })).value).toBe(first);
  });

  it('in development, refuses a file that holds something else rather than overwrite it', async () => {
    const file = join(dir, 'short.txt');
    writeFileSync(file, 'too short\n');
    await expect(load({ NODE_ENV: 'development', BANLI_SURVEY_SECRET_FILE: file })).rejects.toThrow(/does not hold a survey secret/);
  });

  it('in tests without one, uses a random one per process', async () => {
    const a = (await load({ NODE_ENV: 'test' })).value;
    const b = (await load({ NODE_ENV: 'test' })).value;
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(32);
  });
});
