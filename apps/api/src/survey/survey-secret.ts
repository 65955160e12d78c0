import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BanliEnv } from '../../../../libs/config';

/** At least this long (what BanliEnv accepts for BANLI_SURVEY_SECRET). */
const MIN_LENGTH = 32;

/**
 * The key survey links are signed with, loaded before the API listens:
 * - BANLI_SURVEY_SECRET, when given, in every mode (every API instance must have the same one);
 * - development without it: the one in BANLI_SURVEY_SECRET_FILE (data/survey-secret.txt, mode
 *   600), generated there on the first start, so links keep working across restarts;
 * - production without it: the API refuses to start;
 * - test without it: a random one for the process.
 * The secret is never logged.
 */
@Injectable()
export class SurveySecret implements OnModuleInit {
  private readonly logger = new Logger(SurveySecret.name);
  private secret?: string;

  constructor(private readonly env: BanliEnv) {}

  async onModuleInit(): Promise<void> {
    if (this.env.BANLI_SURVEY_SECRET) {
      this.secret = this.env.BANLI_SURVEY_SECRET;
    } else if (this.env.NODE_ENV === 'production') {
      throw new Error(
        'BANLI_SURVEY_SECRET is not set: survey links cannot be signed. Set it to at least 32 random characters ' +
        '(e.g. $(openssl rand -base64 48)), the same for every API instance',
      );
    } else if (this.env.NODE_ENV === 'development') {
      this.secret = await this.developmentSecret();
    } else {
      this.secret = randomBytes(48).toString('base64url');
    }
  }

  get value(): string {
    if (!this.secret) throw new Error('the survey secret is not loaded yet');
    return this.secret;
  }

  private async developmentSecret(): Promise<string> {
    const file = this.env.BANLI_SURVEY_SECRET_FILE;
    const written = (await readFile(file, 'utf8').catch(() => '')).trim();
    if (written.length >= MIN_LENGTH && !/\s/.test(written)) return written;
    if (written !== '') throw new Error(`${file} does not hold a survey secret (32 or more characters without spaces); fix or delete it`);
    const secret = randomBytes(48).toString('base64url');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    this.logger.log(`development survey secret created in ${file}`);
    return secret;
  }
}
