import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type Role, ROLES } from '@agenthub/contracts';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { writeSecretFile } from '../config/data-dir.js';
import { AuditService } from './audit.service.js';
import { hashPassword } from './password.util.js';
import { sortRoles } from './roles.rules.js';
import { isUniqueViolation, UserRepository } from './user.repository.js';

export const EMBEDDED_ADMIN_EMAIL = 'admin@localhost';
export const ADMIN_PASSWORD_FILE = 'admin-password';
const ALL_ROLES: Role[] = [...ROLES];

/**
 * Makes sure someone can administer a fresh install:
 * - ADMIN_EMAIL/ADMIN_PASSWORD: that account is created with every role (its password is only
 *   set at creation), or given the admin role back if it lost it;
 * - embedded mode without them, and no admin yet: admin@localhost with a random password,
 *   printed once and kept in DATA_DIR/admin-password (0600).
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly config: AppConfig,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.admin) {
      await this.ensureAdmin(this.config.admin.email, this.config.admin.password, 'env');
    } else if (this.config.embedded && (await this.users.countAdmins()) === 0) {
      const password = randomBytes(12).toString('base64url');
      if (await this.ensureAdmin(EMBEDDED_ADMIN_EMAIL, password, 'embedded')) {
        const path = writeSecretFile(this.config.dataDir, ADMIN_PASSWORD_FILE, `${password}\n`);
        // Printed straight to stdout once, on purpose: this is the only way to learn it besides the file.
        process.stdout.write(
          `\n  AgentHub admin account created\n    email:    ${EMBEDDED_ADMIN_EMAIL}\n    password: ${password}\n    (saved to ${path}; change it after logging in)\n\n`,
        );
      }
    }
  }

  /** Returns true when the account was created by this call. */
  private async ensureAdmin(email: string, password: string, source: 'env' | 'embedded'): Promise<boolean> {
    const existing = await this.users.findByEmail(email);
    if (existing) {
      if (existing.roles.includes('admin')) return false;
      const roles = sortRoles([...existing.roles, 'admin']);
      await this.dataSource.transaction(async (manager) => {
        await this.users.updateRolesAndDisabled(existing.id, { roles }, manager);
        await this.audit.record(
          {
            actorId: null,
            action: 'admin.bootstrap',
            targetType: 'user',
            targetId: existing.id,
            metadata: { source, promoted: true, email },
          },
          manager,
        );
      });
      this.logger.log(`Gave the admin role back to ${email}`);
      return false;
    }
    const passwordHash = await hashPassword(password);
    try {
      await this.dataSource.transaction(async (manager) => {
        const user = await this.users.create(
          { email, displayName: 'Administrator', passwordHash, roles: ALL_ROLES },
          manager,
        );
        await this.audit.record(
          {
            actorId: null,
            action: 'admin.bootstrap',
            targetType: 'user',
            targetId: user.id,
            metadata: { source, email },
          },
          manager,
        );
      });
    } catch (err) {
      // Another replica created it a moment ago.
      if (isUniqueViolation(err)) return false;
      throw err;
    }
    this.logger.log(`Created admin account ${email}`);
    return true;
  }
}
