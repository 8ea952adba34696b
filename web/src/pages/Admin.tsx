// Administration (administrators only): the node's users, every user's API tokens, and the audit
// log with its chain's verification. Each act reloads the panels it touches, the audit log
// included, so the administrator sees the entry their act left. Anyone else is told plainly that
// the page is for administrators (the node refuses them the API as well).
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.js';
import { AuditPanel } from './admin/Audit.js';
import { TokensPanel } from './admin/Tokens.js';
import { UsersPanel } from './admin/Users.js';
import type { Session } from './SignIn.js';

export function Admin(props: { readonly session: Session }): ReactNode {
  const { t } = useI18n();
  const [round, setRound] = useState(0);
  const changed = (): void => setRound((r) => r + 1);
  if (!props.session.roles.includes('admin')) {
    return (
      <main id="main">
        <h1>{t('admin.title')}</h1>
        <p role="alert" className="notice error">{t('admin.adminsOnly')}</p>
      </main>
    );
  }
  return (
    <main id="main" className="admin">
      <h1>{t('admin.title')}</h1>
      <UsersPanel round={round} onChanged={changed} />
      <TokensPanel round={round} onChanged={changed} />
      <AuditPanel round={round} />
    </main>
  );
}
