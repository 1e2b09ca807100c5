import { asSystem, asViewer, currentViewer } from '../../src/access/access-policy';
import { Role } from '../../src/auth/role.enum';
import { UsersService } from '../../src/auth/users.service';
import { LoaderRegistry } from '../../src/common/dataloader/loader-registry';
import { LeadsArgs } from '../../src/leads/dto/leads.args';
import { LeadsService } from '../../src/leads/leads.service';
import { insertLeads } from '../factories/task.factory';
import { createTestApp, TestApp } from '../utils/test-app';

/** Issue 13, item 8: outside a request the access policy fails closed. */
describe('The viewer outside a request', () => {
  let t: TestApp;
  let leads: LeadsService;
  let outsiderId: string;
  let memberId: string;
  let hiddenId: string;
  let internalId: string;

  const listedIds = async () =>
    (await leads.list(Object.assign(new LeadsArgs(), { first: 100, filter: { includeArchived: false } }))).edges.map((edge) => edge.node.id);
  const loaded = (id: string) => leads.byId(new LoaderRegistry()).load(id);

  beforeAll(async () => {
    t = await createTestApp();
    leads = t.app.get(LeadsService);
    const users = t.app.get(UsersService);
    const user = (email: string) =>
      asSystem(() => users.createUser({ email, displayName: email, password: 'long-enough-password', role: Role.STAFF }));
    outsiderId = (await user('aussen@wfs.test')).id;
    memberId = (await user('innen@wfs.test')).id;
    const [{ id: teamId }] = await t.dataSource.query(`INSERT INTO teams (name) VALUES ('Ansiedlung vertraulich') RETURNING id`);
    await t.dataSource.query(`INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)`, [teamId, memberId]);
    [hiddenId] = await insertLeads(t.dataSource, memberId, 1, 'Vertrauliche Ansiedlung');
    await t.dataSource.query(`UPDATE leads SET confidentiality = 'CONFIDENTIAL', team_id = $2 WHERE id = $1`, [hiddenId, teamId]);
    [internalId] = await insertLeads(t.dataSource, memberId, 1, 'Offene Kooperation');
  });
  afterAll(() => t.close());

  it('reads as ANONYMOUS: INTERNAL records only, in lists, counts and loaders', async () => {
    expect(currentViewer()).toEqual({ kind: 'ANONYMOUS' });
    expect(await listedIds()).toEqual([internalId]);
    expect(await (await leads.list(Object.assign(new LeadsArgs(), { first: 1, filter: { includeArchived: false } }))).totalCount).toBe(1);
    expect(await loaded(hiddenId)).toBeNull();
    expect(await loaded(internalId)).toMatchObject({ id: internalId });
  });

  it('sees everything only where the code says so with asSystem', async () => {
    expect(await asSystem(() => listedIds())).toEqual(expect.arrayContaining([hiddenId, internalId]));
    expect(await asSystem(() => loaded(hiddenId))).toMatchObject({ id: hiddenId, confidentiality: 'CONFIDENTIAL' });
  });

  it('reads as the user asViewer names: the team member sees the lead, another staff member does not', async () => {
    const member = { kind: 'USER', userId: memberId, role: Role.STAFF } as const;
    const outsider = { kind: 'USER', userId: outsiderId, role: Role.STAFF } as const;
    expect(await asViewer(member, () => listedIds())).toEqual(expect.arrayContaining([hiddenId, internalId]));
    expect(await asViewer(outsider, () => listedIds())).toEqual([internalId]);
    expect(await asViewer(outsider, () => loaded(hiddenId))).toBeNull();
  });
});
