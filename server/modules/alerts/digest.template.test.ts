import { describe, expect, it } from 'vitest';
import { composeDigest } from './digest.template.ts';
import type { TaskMatchPayload } from '../../../shared/schemas/alerts.ts';

const declined: TaskMatchPayload = {
  taskId: '00000000-0000-4000-8000-000000000001',
  title: 'Refined selenium from slimes',
  organisationName: 'Kazakh Copper',
  reason: { kind: 'proposal', event: 'declined', proposalId: '00000000-0000-4000-8000-000000000002', proposalTitle: 'Soda leaching', reasonCode: 'budget_out_of_range', note: 'Our cap is 90 M.' },
  link: '/proposals/00000000-0000-4000-8000-000000000002',
};

describe('e-mail digests about proposals', () => {
  it('say what happened to the proposal, with the note, and do not pretend to be about new tasks', () => {
    const mail = composeDigest('en', 'Erlan', [declined], 'https://kopir.example.kz');
    expect(mail.subject).toBe('Kopir: news on your tasks and proposals (1)');
    expect(mail.text).toContain('proposal "Soda leaching" was declined: The budget is out of range — Our cap is 90 M.');
    expect(mail.text).toContain('https://kopir.example.kz/proposals/00000000-0000-4000-8000-000000000002');
    expect(mail.text).not.toContain('Tasks that may interest you');
    expect(composeDigest('ru', 'Ерлан', [declined], '').subject).toContain('предложениям');
  });
});

describe('e-mail digests to experts', () => {
  it('ask an expert to look again at a moderated proposal, with the office\'s note and the assignment link', () => {
    const round: TaskMatchPayload = {
      taskId: '00000000-0000-4000-8000-000000000001',
      title: 'Selenium call',
      organisationName: 'Innovation fund',
      reason: { kind: 'moderation', callId: '00000000-0000-4000-8000-000000000003', proposalId: '00000000-0000-4000-8000-000000000002', proposalTitle: 'Soda leaching', note: 'Scores diverge by 60 points.' },
      link: '/expert/00000000-0000-4000-8000-000000000004',
    };
    const mail = composeDigest('en', 'Dana', [round], 'https://kopir.example.kz');
    expect(mail.text).toContain('the call\'s office asks you to look again at your scores of "Soda leaching": Scores diverge by 60 points.');
    expect(mail.text).toContain('https://kopir.example.kz/expert/00000000-0000-4000-8000-000000000004');
    expect(composeDigest('kk', 'Дана', [round], '').text).toContain('«Soda leaching» бойынша бағаларыңызды қайта қарауды сұрайды');
  });
});
