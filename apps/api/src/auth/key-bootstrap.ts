import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BanliEnv } from '../../../../libs/config';
import { ApiKeysService } from './api-keys.service';
import { Role } from './roles';

/**
 * The first office key, so someone can create the others:
 * - BANLI_BOOTSTRAP_OFFICE_KEY, when given, is stored (once) as an office key, in every mode.
 * - development: without an active office key, one is created, written to BANLI_OFFICE_KEY_FILE
 *   (data/office-key.txt, which `npm run dev` prints) and logged; on later starts the file's key
 *   is logged again while it is active.
 * - production: the API refuses to start without an active office key.
 * - test: nothing; the test system creates its keys.
 */
@Injectable()
export class KeyBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(KeyBootstrap.name);

  constructor(private readonly keys: ApiKeysService, private readonly env: BanliEnv) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.BANLI_BOOTSTRAP_OFFICE_KEY) {
      const key = await this.keys.storeGivenKey(this.env.BANLI_BOOTSTRAP_OFFICE_KEY, 'bootstrap office key', Role.Office);
      if (key.status !== 'active') this.logger.warn(`BANLI_BOOTSTRAP_OFFICE_KEY (${key.prefix}…) is ${key.status}; it lets nobody in`);
    }
    if (this.env.NODE_ENV === 'development') await this.developmentKey();
    if (this.env.NODE_ENV === 'production' && !(await this.keys.hasActiveOfficeKey())) {
      throw new Error(
        'no active office API key: start once with BANLI_BOOTSTRAP_OFFICE_KEY=banli_<32-128 of A-Z a-z 0-9 _ -> ' +
        '(e.g. banli_$(openssl rand -hex 24)), then create keys with POST /api/keys',
      );
    }
  }

  private async developmentKey(): Promise<void> {
    const file = this.env.BANLI_OFFICE_KEY_FILE;
    const written = (await readFile(file, 'utf8').catch(() => '')).trim();
    if (written && (await this.keys.isActive(written, Role.Office))) {
      this.logger.log(`development office key (in ${file}): ${written}`);
      return;
    }
    if (await this.keys.hasActiveOfficeKey()) {
      this.logger.log(`office keys exist; ${file} holds none that is active (create one with POST /api/keys)`);
      return;
    }
    const created = await this.keys.create({ name: 'development office', role: Role.Office });
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${created.key}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    this.logger.log(`development office key created (also in ${file}): ${created.key}`);
  }
}
