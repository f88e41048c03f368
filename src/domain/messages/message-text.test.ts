import { describe, expect, it } from 'vitest';
import { asMessageLanguage, digestMail, reminderMail, workflowMail } from './message-text';

const reminder = {
  dialogue: 'Demo',
  reporter: 'ITA',
  link: 'https://passage.example/d/demo/data',
  items: [
    { indicator: 'IBC', period: '2024-02', deadline: '2024-03-15', daysFromDeadline: -5 },
    { indicator: 'ASY', period: '2024-02', deadline: '2024-03-15', daysFromDeadline: 3 },
  ],
};

describe('message texts', () => {
  it('words a reminder in the recipient language, with every item and the link', () => {
    const en = reminderMail(reminder, 'en');
    expect(en.subject).toBe('[Passage] Demo: 2 figure sets due for ITA');
    expect(en.body).toContain('IBC 2024-02: due on 2024-03-15 (in 5 days)');
    expect(en.body).toContain('ASY 2024-02: was due on 2024-03-15 (3 days late)');
    expect(en.body).toContain('https://passage.example/d/demo/data');
    expect(reminderMail(reminder, 'fr').body).toContain('3 jours de retard');
    expect(reminderMail(reminder, 'ru').body).toContain('просрочено на 3 дня');
  });

  it('lists at most 30 items and says how many more', () => {
    const many = Array.from({ length: 35 }, (_, i) => ({ ...reminder.items[0]!, indicator: `I${i}` }));
    const body = reminderMail({ ...reminder, items: many }, 'en').body;
    expect(body).toContain('I29 2024-02');
    expect(body).not.toContain('I30 2024-02');
    expect(body).toContain('… and 5 more');
  });

  it('words the digest and the workflow steps', () => {
    const digest = digestMail(
      {
        dialogue: 'Demo',
        asOf: '2024-03-18',
        link: '/d/demo/definitions',
        states: [{ reporter: 'ITA', overdue: 2, oldest: '2024-01' }],
      },
      'en',
    );
    expect(digest.subject).toBe('[Passage] Demo: 1 member state is late');
    expect(digest.body).toContain('ITA: 2 overdue figure sets, the oldest 2024-01');
    const returned = workflowMail(
      {
        dialogue: 'Demo',
        step: 'returned',
        submissionId: 7,
        reporter: 'ITA',
        comment: 'Fix March',
        link: '/x',
      },
      'fr',
    );
    expect(returned.subject).toContain('renvoyée');
    expect(returned.body).toContain('Commentaire: Fix March');
    expect(asMessageLanguage('ru')).toBe('ru');
    expect(asMessageLanguage('de')).toBe('en');
  });
});
