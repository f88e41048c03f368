import { describe, expect, it } from 'vitest';
import { attachmentFileName, maxAttachmentBytes, sniffAttachment } from './attachment-format';
import {
  checkSender,
  draftFromMail,
  inboundAddress,
  measureTypeOfSubject,
  parseAuthenticationResults,
  readInboundMailConfig,
  slugOfRecipient,
} from './inbound-mail';

const cfg = { domain: 'passage.example.org', localPart: 'notices' };

describe('inbound e-mail: addresses and settings', () => {
  it('gives each dialogue one address and reads the slug back, any case, only on the configured domain', () => {
    expect(inboundAddress('budapest', cfg)).toBe('notices+budapest@passage.example.org');
    expect(inboundAddress('budapest', { ...cfg, domain: undefined })).toBeNull();
    expect(slugOfRecipient('Notices+Budapest@Passage.Example.org', cfg)).toBe('budapest');
    expect(slugOfRecipient('notices+budapest@other.example.org', cfg)).toBeNull();
    expect(slugOfRecipient('notices@passage.example.org', cfg)).toBeNull();
    expect(slugOfRecipient('alerts+budapest@passage.example.org', cfg)).toBeNull();
    expect(slugOfRecipient('notices+../x@passage.example.org', cfg)).toBeNull();
  });

  it('is off by default and refuses a malformed port, or a port without a domain, naming the setting', () => {
    const off = readInboundMailConfig({});
    expect(off).toMatchObject({
      domain: undefined,
      secret: undefined,
      smtpPort: undefined,
      smtpHost: '127.0.0.1',
    });
    expect(() =>
      readInboundMailConfig({ PASSAGE_INBOUND_SMTP_PORT: 'x', PASSAGE_INBOUND_MAIL_DOMAIN: 'a.b' }),
    ).toThrow(/PASSAGE_INBOUND_SMTP_PORT/);
    expect(() => readInboundMailConfig({ PASSAGE_INBOUND_SMTP_PORT: '2525' })).toThrow(
      /PASSAGE_INBOUND_MAIL_DOMAIN/,
    );
    expect(
      readInboundMailConfig({ PASSAGE_INBOUND_SMTP_PORT: '2525', PASSAGE_INBOUND_MAIL_DOMAIN: 'A.B' }),
    ).toMatchObject({ smtpPort: 2525, domain: 'a.b' });
  });
});

describe('inbound e-mail: the sender check', () => {
  const base = {
    from: ['Analyst@Gov.gr'],
    envelopeFrom: 'analyst@gov.gr',
    authenticationResults: [],
    trustedAuthservId: undefined,
  };

  it('accepts a From address that is the envelope sender (case aside)', () => {
    expect(checkSender(base)).toEqual({ ok: true, address: 'analyst@gov.gr' });
  });

  it('refuses no From, several From addresses, an empty envelope and an envelope that differs', () => {
    expect(checkSender({ ...base, from: [] })).toMatchObject({ ok: false, reason: 'from_missing' });
    expect(checkSender({ ...base, from: ['a@gov.gr', 'b@gov.gr'] })).toMatchObject({
      reason: 'from_multiple',
    });
    expect(checkSender({ ...base, envelopeFrom: null })).toMatchObject({ reason: 'envelope_missing' });
    expect(checkSender({ ...base, envelopeFrom: 'mallory@evil.example' })).toMatchObject({
      ok: false,
      reason: 'envelope_mismatch',
    });
  });

  it('with a trusted relay, needs its DKIM or SPF pass aligned to the From domain; other relays do not count', () => {
    const trusted = { ...base, trustedAuthservId: 'mx.passage.example.org' };
    expect(checkSender(trusted)).toMatchObject({ ok: false, reason: 'authentication_missing' });
    const forgedHeader = 'mx.evil.example; dkim=pass header.d=gov.gr';
    expect(checkSender({ ...trusted, authenticationResults: [forgedHeader] })).toMatchObject({
      reason: 'authentication_missing',
    });
    const dkim =
      'mx.passage.example.org; dkim=pass (good signature) header.d=mail.gov.gr header.s=s1; spf=none';
    expect(checkSender({ ...trusted, authenticationResults: [dkim] })).toEqual({
      ok: true,
      address: 'analyst@gov.gr',
    });
    const spf = 'mx.passage.example.org 1; spf=pass smtp.mailfrom=analyst@gov.gr; dkim=none';
    expect(checkSender({ ...trusted, authenticationResults: [spf] })).toMatchObject({ ok: true });
    const otherDomain =
      'mx.passage.example.org; dkim=pass header.d=evil.example; spf=fail smtp.mailfrom=gov.gr';
    expect(checkSender({ ...trusted, authenticationResults: [otherDomain] })).toMatchObject({
      ok: false,
      reason: 'authentication_failed',
    });
    const dmarc = 'mx.passage.example.org; dkim=pass header.d=gov.gr; dmarc=fail header.from=gov.gr';
    expect(checkSender({ ...trusted, authenticationResults: [dmarc] })).toMatchObject({
      reason: 'authentication_failed',
    });
  });

  it('parses an Authentication-Results header (comments dropped, properties kept)', () => {
    expect(
      parseAuthenticationResults(
        'MX.Example.org; dkim=pass (ok) header.d=gov.gr; spf=softfail smtp.mailfrom=x@y.z',
      ),
    ).toEqual({
      authservId: 'mx.example.org',
      results: [
        { method: 'dkim', result: 'pass', props: { 'header.d': 'gov.gr' } },
        { method: 'spf', result: 'softfail', props: { 'smtp.mailfrom': 'x@y.z' } },
      ],
    });
  });
});

describe('inbound e-mail: a message as a draft notice', () => {
  it('maps subject to title, text to summary (without the signature), type other unless the subject says', () => {
    const d = draftFromMail({
      subject: 'Fwd: RE:  New rules for seasonal workers',
      text: 'The ministry will change the quota.\r\nDetails follow.\r\n-- \r\nJane Analyst\r\n+30 210 000',
      receivedOn: '2026-12-02',
    });
    expect(d).toEqual({
      title: 'New rules for seasonal workers',
      summary: 'The ministry will change the quota.\nDetails follow.',
      measureType: 'other',
      state: undefined,
    });
  });

  it('takes the type from a tag or a word of the subject (en, fr, ru), and the state from an [ISO3] tag', () => {
    expect(measureTypeOfSubject('[asylum procedure] Accelerated procedure')).toBe('asylum_procedure');
    expect(measureTypeOfSubject('[type: return-readmission] Agreement')).toBe('return_readmission');
    expect(measureTypeOfSubject('New visa requirements and border checks')).toBe('visa_regime');
    expect(measureTypeOfSubject('Contrôles aux frontières renforcés')).toBe('border_management');
    expect(measureTypeOfSubject('Изменения в порядке предоставления убежища')).toBe('asylum_procedure');
    expect(measureTypeOfSubject('Television rules')).toBe('other');
    const d = draftFromMail({
      subject: '[GRC] [reception] New centres',
      text: 'Two new centres open.',
      receivedOn: '2026-12-02',
    });
    expect(d).toMatchObject({ title: 'New centres', measureType: 'reception', state: 'GRC' });
  });

  it('gives an empty subject and an empty text a title and summary the author reviews', () => {
    const d = draftFromMail({ subject: 'Re:', text: '', receivedOn: '2026-12-02' });
    expect(d.title).toBe('Notice received by e-mail on 2026-12-02');
    expect(d.summary).toBe('(sent by e-mail without a text)');
    expect(d.summary.length).toBeGreaterThanOrEqual(10);
  });
});

describe('notice attachments: types from the bytes, the size limit', () => {
  it('recognises PNG, JPEG, PDF and zip by their first bytes and refuses anything else (an .exe)', () => {
    expect(sniffAttachment(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(sniffAttachment(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffAttachment(Buffer.from('%PDF-1.7'))).toBe('pdf');
    expect(sniffAttachment(new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBe('zip');
    expect(sniffAttachment(Buffer.from('MZ\x90\x00\x03\x00\x00\x00'))).toBe('refused');
    expect(sniffAttachment(Buffer.from('plain text'))).toBe('refused');
  });

  it('keeps the original name made safe, and reads the limit from the environment', () => {
    expect(attachmentFileName('C:\\docs\\Décret 2026.pdf', 'pdf')).toBe('Décret 2026.pdf');
    expect(attachmentFileName('', 'jpeg')).toBe('attachment.jpg');
    expect(attachmentFileName(undefined, 'png')).toBe('attachment.png');
    expect(maxAttachmentBytes({})).toBe(10 * 1024 * 1024);
    expect(maxAttachmentBytes({ PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES: '5000' })).toBe(5000);
    expect(maxAttachmentBytes({ PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES: '-1' })).toBe(10 * 1024 * 1024);
  });
});
