// The users of this node (administrators only): who has which roles and in what state, adding a
// user (the generated password is shown once), changing roles, disabling and enabling, unlocking,
// resetting a password (shown once) and removing a lost second factor. Every act is the node's
// /api/v1/users; the node checks, records it in the audit log and answers.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, type Answer } from '../../api/client.js';
import { ErrorNotice, Loading, Panel, useLoad } from '../../common.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { useActing } from '../acting.js';
import { ConfirmButton } from './Confirm.js';

export type User = Answer<'/api/v1/users', 'get'>['users'][number];
export const ROLES = ['admin', 'analyst', 'liaison', 'observer'] as const;
export type Role = (typeof ROLES)[number];

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

/** Roles named in the user's language (a name the app does not know is shown as it came). */
export function roleNames(roles: readonly string[], t: (key: MessageKey) => string): string {
  return roles.map((r) => (isRole(r) ? t(`role.${r}`) : r)).join(', ');
}

/** A password the node generated, shown once with whom it is for. */
function OncePassword(props: { readonly name: string; readonly password: string; readonly onDone: () => void }): ReactNode {
  const { t } = useI18n();
  return (
    <div role="status" className="notice once">
      <p>{t('admin.passwordOnce', { name: props.name })}</p>
      <p><code className="secret">{props.password}</code></p>
      <button type="button" className="secondary" onClick={props.onDone}>{t('admin.dismiss')}</button>
    </div>
  );
}

/** Role check boxes in a fieldset; `id` keeps their ids unique on the page. */
function RolePicker(props: { readonly id: string; readonly legend: string; readonly value: readonly Role[]; readonly onChange: (roles: Role[]) => void; readonly invalid?: boolean }): ReactNode {
  const { t } = useI18n();
  return (
    <fieldset className="roles" aria-invalid={props.invalid === true ? true : undefined}>
      <legend>{props.legend}</legend>
      {ROLES.map((r) => (
        <span key={r} className="check">
          <input type="checkbox" id={`${props.id}-${r}`} checked={props.value.includes(r)}
            onChange={(e) => props.onChange(e.target.checked ? [...props.value, r] : props.value.filter((x) => x !== r))} />
          <label htmlFor={`${props.id}-${r}`}>{t(`role.${r}` as MessageKey)}</label>
        </span>
      ))}
    </fieldset>
  );
}

/** Adding a user: name and roles checked here first, then by the node; the generated password shown once. */
export function AddUserForm(props: { readonly onAdded: () => void }): ReactNode {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [invalid, setInvalid] = useState<'username' | 'roles' | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<{ name: string; password: string } | undefined>();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const name = username.trim();
    if (name.length < 2 || name.length > 64) return setInvalid('username');
    if (roles.length === 0) return setInvalid('roles');
    setInvalid(undefined);
    setError(undefined);
    setBusy(true);
    try {
      const r = await api.post('/api/v1/users', { username: name, roles });
      setCreated({ name: r.user.username, password: r.password ?? '' });
      setUsername('');
      setRoles([]);
      props.onAdded();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="add-user" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="add-user-title">
      <h3 id="add-user-title">{t('admin.addUser')}</h3>
      <label htmlFor="new-username">{t('admin.username')}</label>
      <input id="new-username" name="username" autoComplete="off" value={username} maxLength={64} onChange={(e) => setUsername(e.target.value)}
        aria-invalid={invalid === 'username'} aria-describedby={invalid !== undefined ? 'add-user-invalid' : undefined} />
      <RolePicker id="new-role" legend={t('admin.roles')} value={roles} onChange={setRoles} invalid={invalid === 'roles'} />
      {invalid !== undefined ? <p id="add-user-invalid" role="alert" className="notice error">{t(invalid === 'username' ? 'admin.usernameInvalid' : 'admin.rolesRequired')}</p> : null}
      {error !== undefined && invalid === undefined ? <ErrorNotice error={error} /> : null}
      <button type="submit" disabled={busy}>{busy ? t('admin.adding') : t('admin.add')}</button>
      {created !== undefined ? <OncePassword name={created.name} password={created.password} onDone={() => setCreated(undefined)} /> : null}
    </form>
  );
}

/** Changing a user's roles in place. */
function RolesEditor(props: { readonly user: User; readonly onSave: (roles: Role[]) => void; readonly onCancel: () => void }): ReactNode {
  const { t } = useI18n();
  const [roles, setRoles] = useState<Role[]>(props.user.roles.filter(isRole));
  const id = `roles-${props.user.username.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <form className="roles-editor" noValidate onSubmit={(e) => {
      e.preventDefault();
      if (roles.length > 0) props.onSave(roles);
    }}>
      <RolePicker id={id} legend={t('admin.rolesOf', { name: props.user.username })} value={roles} onChange={setRoles} invalid={roles.length === 0} />
      {roles.length === 0 ? <p role="alert" className="notice error">{t('admin.rolesRequired')}</p> : null}
      <button type="submit" disabled={roles.length === 0}>{t('admin.saveRoles')}</button>
      <button type="button" className="secondary" onClick={props.onCancel}>{t('admin.cancel')}</button>
    </form>
  );
}

function stateOf(u: User, t: (k: MessageKey) => string): string {
  const s = [u.disabled ? t('admin.stateDisabled') : t('admin.stateActive')];
  if (u.locked) s.push(t('admin.stateLocked'));
  if (u.totp) s.push(t('admin.stateTotp'));
  if (u.sso) s.push(t('admin.stateSso'));
  return s.join(' · ');
}

export function UsersPanel(props: { readonly onChanged: () => void; readonly round: number }): ReactNode {
  const { t, date } = useI18n();
  const users = useLoad((signal) => api.get('/api/v1/users', { signal }), [props.round]);
  const [editing, setEditing] = useState<string | undefined>();
  const [shown, setShown] = useState<{ name: string; password: string } | undefined>();
  /** Runs one act on a user, then says what was done and reloads what it changed. */
  const { run, feedback } = useActing(props.onChanged);
  const act = (work: () => Promise<unknown>, key: MessageKey, u: User): Promise<void> => run(async () => {
    await work();
    return [key, { name: u.username }];
  });
  const params = (u: User) => ({ params: { username: u.username } });

  return (
    <Panel id="users" title={t('admin.users')}>
      {feedback}
      {shown !== undefined ? <OncePassword name={shown.name} password={shown.password} onDone={() => setShown(undefined)} /> : null}
      <Loading loaded={users}>{(answer) => (
        <table className="users">
          <thead><tr>
            <th scope="col">{t('admin.username')}</th><th scope="col">{t('admin.roles')}</th><th scope="col">{t('admin.state')}</th>
            <th scope="col">{t('admin.created')}</th><th scope="col">{t('admin.actions')}</th>
          </tr></thead>
          <tbody>{answer.users.map((u) => (
            <tr key={u.username}>
              <th scope="row"><bdi>{u.username}</bdi></th>
              <td>{roleNames(u.roles, t)}</td>
              <td>{stateOf(u, t)}</td>
              <td>{date(u.created_at)}</td>
              <td className="actions">
                {editing === u.username ? (
                  <RolesEditor user={u} onCancel={() => setEditing(undefined)} onSave={(roles) => {
                    setEditing(undefined);
                    void act(() => api.patch('/api/v1/users/{username}', { roles }, params(u)), 'admin.rolesSaved', u);
                  }} />
                ) : (
                  <>
                    <button type="button" className="secondary" onClick={() => setEditing(u.username)}>{t('admin.editRoles')}</button>
                    {u.disabled ? (
                      <button type="button" className="secondary" onClick={() => void act(() => api.patch('/api/v1/users/{username}', { disabled: false }, params(u)), 'admin.enabled', u)}>{t('admin.enable')}</button>
                    ) : (
                      <ConfirmButton label={t('admin.disable')} question={t('admin.confirmDisable', { name: u.username })}
                        onConfirm={() => void act(() => api.patch('/api/v1/users/{username}', { disabled: true }, params(u)), 'admin.disabled', u)} />
                    )}
                    {u.locked ? (
                      <button type="button" className="secondary" onClick={() => void act(() => api.post('/api/v1/users/{username}/unlock', undefined, params(u)), 'admin.unlocked', u)}>{t('admin.unlock')}</button>
                    ) : null}
                    {u.sso ? null : (
                      <ConfirmButton label={t('admin.resetPassword')} question={t('admin.confirmReset', { name: u.username })} onConfirm={() => void act(async () => {
                        const r = await api.post('/api/v1/users/{username}/password', undefined, params(u));
                        setShown({ name: u.username, password: r.password });
                      }, 'admin.passwordReset', u)} />
                    )}
                    {u.totp ? (
                      <ConfirmButton label={t('admin.removeTotp')} question={t('admin.confirmTotp', { name: u.username })}
                        onConfirm={() => void act(() => api.delete('/api/v1/users/{username}/totp', params(u)), 'admin.totpRemoved', u)} />
                    ) : null}
                  </>
                )}
              </td>
            </tr>
          ))}</tbody>
        </table>
      )}</Loading>
      <AddUserForm onAdded={props.onChanged} />
    </Panel>
  );
}
