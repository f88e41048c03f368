/**
 * zod schemas of notice attachments (notices.attachments.ts) and of the inbound e-mail address
 * (notices.inbound.ts): what an upload names in its query string, the list of a notice's files, the address a
 * dialogue's members write to, and what POST /api/inbound-mail answers a relay.
 */
import { z } from 'zod';
import { ATTACHMENT_FORMATS } from '../../domain/notices/attachment-format';
import { NoticeParams } from './notices.schema';

export const AttachmentParams = NoticeParams.extend({ attachmentId: z.coerce.number().int().positive() });

/** The file is the raw request body; its name and the revision the upload is based on are in the query. */
export const AttachmentUploadQuery = z
  .object({
    fileName: z.string().trim().min(1, 'name the file').max(255),
    /** The notice's revision the upload is based on: a newer one answers 409 CONFLICT. */
    expectedRevision: z.coerce.number().int().positive(),
  })
  .strict();
export type AttachmentUploadQuery = z.infer<typeof AttachmentUploadQuery>;

export const NoticeAttachmentView = z.object({
  id: z.number(),
  fileName: z.string(),
  contentType: z.string(),
  format: z.enum(ATTACHMENT_FORMATS),
  byteSize: z.number(),
  sha256: z.string(),
  /** The notice's revision that added it. */
  revision: z.number(),
  organisation: z.string(),
  createdAt: z.string(),
});
export type NoticeAttachmentView = z.infer<typeof NoticeAttachmentView>;

export const NoticeAttachmentList = z.object({
  items: z.array(NoticeAttachmentView),
  /** The notice's current revision (after an upload: the one the upload made). */
  revision: z.number(),
  /** The caller may add attachments (the notifying side). */
  canAttach: z.boolean(),
  /** The largest file accepted, in bytes (PASSAGE_NOTICE_ATTACHMENT_MAX_BYTES). */
  maxBytes: z.number(),
});
export type NoticeAttachmentList = z.infer<typeof NoticeAttachmentList>;

export const InboundAddressView = z.object({
  /** notices+<slug>@<domain>, or null when the installation receives no e-mail. */
  address: z.string().nullable(),
});
export type InboundAddressView = z.infer<typeof InboundAddressView>;

/** The envelope of a message a relay forwards (what SMTP knew; else read from the message's headers). */
export const InboundMailQuery = z
  .object({
    /** The SMTP MAIL FROM; absent: the Return-Path header. */
    envelopeFrom: z.string().trim().max(320).optional(),
    /** The SMTP RCPT TO (notices+<slug>@<domain>); absent: the Delivered-To, X-Original-To, To and Cc headers. */
    recipient: z.string().trim().max(320).optional(),
  })
  .strict();
export type InboundMailQuery = z.infer<typeof InboundMailQuery>;

export const InboundMailResult = z.object({
  outcome: z.enum(['draft', 'duplicate']),
  noticeId: z.number(),
  attachments: z.number(),
  /** Attachments that were not kept (type or size), with why. */
  refusedAttachments: z.array(z.object({ fileName: z.string(), reason: z.string() })),
});
export type InboundMailResult = z.infer<typeof InboundMailResult>;
