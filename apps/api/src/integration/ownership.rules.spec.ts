import { assertCanManage, canView, ownerForNew } from './ownership.rules';

describe('integration ownership rules', () => {
  const dev = { id: 'dev', roles: ['user', 'developer'] };
  const other = { id: 'other', roles: ['developer'] };
  const admin = { id: 'root', roles: ['admin'] };
  const platform = { ownerId: null };
  const personal = { ownerId: 'dev' };

  it('lets everyone see platform resources, only the owner and admins see personal ones', () => {
    expect(canView(platform, other)).toBe(true);
    expect(canView(personal, dev)).toBe(true);
    expect(canView(personal, admin)).toBe(true);
    expect(canView(personal, other)).toBe(false);
  });

  it('answers 404 for other people’s resources and 403 for platform ones', () => {
    expect(() => assertCanManage(personal, other, 'MCP server')).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    expect(() => assertCanManage(null, admin, 'MCP server')).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    expect(() => assertCanManage(platform, dev, 'MCP server')).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => assertCanManage(platform, admin, 'MCP server')).not.toThrow();
    expect(() => assertCanManage(personal, dev, 'MCP server')).not.toThrow();
    expect(() => assertCanManage(personal, admin, 'MCP server')).not.toThrow();
  });

  it('gives new resources the right owner', () => {
    expect(ownerForNew(admin, undefined)).toBeNull();
    expect(ownerForNew(admin, 'personal')).toBe('root');
    expect(ownerForNew(dev, undefined)).toBe('dev');
    expect(() => ownerForNew(dev, 'platform')).toThrow(expect.objectContaining({ status: 403 }));
  });
});
