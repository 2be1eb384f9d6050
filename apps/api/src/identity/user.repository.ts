import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AdminUserQuery, Page, Role } from '@agenthub/contracts';
import type { EntityManager, Repository } from 'typeorm';
import { escapeLike, paginate } from '../common/pagination.util.js';
import { UserEntity } from './user.entity.js';

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
}

/** Postgres unique_violation: the insert lost a race for an email. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

@Injectable()
export class UserRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  private repo(manager?: EntityManager): Repository<UserEntity> {
    return manager ? manager.getRepository(UserEntity) : this.users;
  }

  findById(id: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.repo(manager).findOne({ where: { id } });
  }

  /** Locks the row for the rest of the transaction, so concurrent admin edits serialise. */
  findByIdForUpdate(id: string, manager: EntityManager): Promise<UserEntity | null> {
    return manager.getRepository(UserEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  /** With the password hash, which is otherwise never loaded. */
  findByEmailWithPassword(email: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
  }

  findByIdWithPassword(id: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id })
      .getOne();
  }

  async create(user: NewUser, manager?: EntityManager): Promise<UserEntity> {
    const repo = this.repo(manager);
    return repo.save(repo.create({ ...user, email: user.email.toLowerCase(), disabled: false }));
  }

  async updateDisplayName(id: string, displayName: string): Promise<void> {
    await this.users.update({ id }, { displayName });
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash });
  }

  async updateRolesAndDisabled(
    id: string,
    changes: { roles?: Role[]; disabled?: boolean },
    manager: EntityManager,
  ): Promise<void> {
    await manager.getRepository(UserEntity).update({ id }, changes);
  }

  countAdmins(): Promise<number> {
    return this.users.createQueryBuilder('u').where(`'admin' = ANY(u.roles)`).getCount();
  }

  /** Admin list: newest first, `q` matches email or display name, optional role and status filters. */
  search(query: AdminUserQuery): Promise<Page<UserEntity>> {
    const qb = this.users.createQueryBuilder('u').orderBy('u.createdAt', 'DESC').addOrderBy('u.id', 'ASC');
    if (query.q) {
      qb.andWhere('(u.email ILIKE :q OR u.displayName ILIKE :q)', { q: `%${escapeLike(query.q)}%` });
    }
    if (query.role) qb.andWhere(':role = ANY(u.roles)', { role: query.role });
    if (query.status) qb.andWhere('u.disabled = :disabled', { disabled: query.status === 'disabled' });
    return paginate(qb, query, (u) => u);
  }
}
