import { describe, expect, it } from 'vitest';
import { type MailNotice, subscriptionDigestMail, subscriptionNoticeMail } from './notice-mail';

const notice = (id: number): MailNotice => ({
  id,
  title: `Visa requirement ${id}`,
  state: 'GRC',
  measureType: 'visa_regime',
  effectiveOn: '2026-09-01',
  summary: 'Nationals of Freedonia will need a short-stay visa.',
  link: `https://passage.example/d/demo/notices/${id}`,
});
const input = (n: number) => ({
  dialogue: 'Demo dialogue',
  subscription: 'Visas',
  notices: Array.from({ length: n }, (_, i) => notice(i + 1)),
  manageLink: 'https://passage.example/d/demo/notices/subscriptions',
});

describe('subscription e-mails', () => {
  it('one notice: subject with state and title, body with type, date, link and summary', () => {
    const m = subscriptionNoticeMail(input(1), 'en');
    expect(m.subject).toBe('[Demo dialogue] New notice (Visas): GRC — Visa requirement 1');
    expect(m.body).toContain('Visa regime · effective 2026-09-01');
    expect(m.body).toContain('Open: https://passage.example/d/demo/notices/1');
    expect(m.body).toContain('Nationals of Freedonia');
    expect(m.body).toContain(
      'Manage your subscriptions: https://passage.example/d/demo/notices/subscriptions',
    );
  });
  it('a digest lists every notice with its link, in French and Russian too', () => {
    const en = subscriptionDigestMail(input(2), 'en');
    expect(en.subject).toBe('[Demo dialogue] 2 new notices (Visas)');
    expect(en.body).toContain('/notices/1');
    expect(en.body).toContain('/notices/2');
    const fr = subscriptionDigestMail(input(2), 'fr');
    expect(fr.subject).toBe('[Demo dialogue] 2 nouvelles notifications (Visas)');
    expect(fr.body).toContain('Régime des visas · en vigueur le 2026-09-01');
    const ru = subscriptionDigestMail(input(1), 'ru');
    expect(ru.body).toContain('Визовый режим');
    expect(ru.body).toContain('Открыть: https://passage.example/d/demo/notices/1');
  });
  it('a long digest lists 50 and counts the rest', () => {
    const m = subscriptionDigestMail(input(53), 'en');
    expect(m.body).toContain('… +3');
    expect(m.body).not.toContain('/notices/51');
  });
});
