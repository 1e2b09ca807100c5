import { ApiKeyRole } from '../../src/auth/api-key-role.enum';
import { ApiKeysService } from '../../src/auth/api-keys.service';
import { CreateApiKeyInput } from '../../src/auth/dto/api-key.input';
import { Role } from '../../src/auth/role.enum';
import { SessionsService } from '../../src/auth/sessions.service';
import { UsersService } from '../../src/auth/users.service';
import { ErrorCode, LiaisonException } from '../../src/common/errors/liaison.exception';
import { createTestApp, TestApp } from '../utils/test-app';
import { calledAs, SYSTEM } from '../utils/viewer';

const PASSWORD = 'a-long-enough-password';

/** The code of each settled call: 'OK' or the LiaisonException's code. */
function outcomes(results: PromiseSettledResult<unknown>[]): string[] {
  return results
    .map((r) => {
      if (r.status === 'fulfilled') return 'OK';
      if (r.reason instanceof LiaisonException) return r.reason.code;
      throw r.reason;
    })
    .sort();
}

describe('Sessions, users and API keys (real database)', () => {
  let t: TestApp;
  let users: UsersService;
  let sessions: SessionsService;
  let apiKeys: ApiKeysService;
  let created = 0;

  const newUser = (role: Role) =>
    users.createUser({ email: `concurrent-${++created}@wfs.test`, displayName: `User ${created}`, password: PASSWORD, role });

  beforeAll(async () => {
    t = await createTestApp();
    users = calledAs(SYSTEM, t.app.get(UsersService));
    sessions = calledAs(SYSTEM, t.app.get(SessionsService));
    apiKeys = calledAs(SYSTEM, t.app.get(ApiKeysService));
  });
  afterAll(() => t.close());

  it('never lets two concurrent disablings leave no active admin', async () => {
    const [first] = await users.list().then((all) => all.filter((u) => u.role === Role.ADMIN));
    const second = await newUser(Role.ADMIN);
    const results = await Promise.allSettled([users.disableUser(first.id), users.disableUser(second.id)]);
    expect(outcomes(results)).toEqual([ErrorCode.CONFLICT, 'OK']);
    const [{ active }] = await t.dataSource.query(
      `SELECT count(*)::int AS active FROM users WHERE role = 'ADMIN' AND disabled_at IS NULL`,
    );
    expect(active).toBe(1);
    const stillDisabled = (await users.list()).find((u) => u.disabledAt);
    await users.enableUser(stillDisabled!.id);
  });

  it('serialises refreshes of one session: of ten at once, one rotates and the session is revoked as reused', async () => {
    const user = await newUser(Role.STAFF);
    const session = await sessions.start(user);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => sessions.refresh(session.refreshToken)));
    expect(outcomes(results).filter((o) => o === 'OK')).toHaveLength(1);
    const [row] = await t.dataSource.query(`SELECT revoked_reason FROM sessions WHERE user_id = $1`, [user.id]);
    expect(row.revoked_reason).toBe('REFRESH_REUSE');
  });

  it('keeps each API key secret unique and stores none of them', async () => {
    const admin = (await users.list()).find((u) => u.role === Role.ADMIN && !u.disabledAt)!;
    const input = Object.assign(new CreateApiKeyInput(), { name: 'Bulk', role: ApiKeyRole.READ_ONLY });
    const keys = await Promise.all(Array.from({ length: 20 }, () => apiKeys.create(admin, input)));
    expect(new Set(keys.map((k) => k.secret)).size).toBe(20);
    expect(new Set(keys.map((k) => k.apiKey.prefix)).size).toBe(20);
    const dump = JSON.stringify(await t.dataSource.query(`SELECT * FROM api_keys`));
    for (const { secret } of keys) expect(dump).not.toContain(secret.slice(13));
  });
});
