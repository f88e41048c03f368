import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../db/connect';
import { agreementsRoutes } from '../modules/agreements/agreements.routes';
import { alertsRoutes, notificationsRoutes } from '../modules/alerts/alerts.routes';
import { analyticsRoutes } from '../modules/analytics/analytics.routes';
import { auditRoutes } from '../modules/audit/audit.routes';
import { calendarsRoutes } from '../modules/calendars/calendars.routes';
import { consultationsRoutes } from '../modules/consultations/consultations.routes';
import { contactConfirmationRoutes, contactsRoutes } from '../modules/contacts/contacts.routes';
import { definitionsRoutes } from '../modules/definitions/definitions.routes';
import { archivedDialogueGuard } from '../modules/dialogues/archived-guard';
import { dialogueAdminRoutes, dialogueLogoRoutes } from '../modules/dialogues/dialogue-admin.routes';
import { dialoguesRoutes } from '../modules/dialogues/dialogues.routes';
import { documentsRoutes } from '../modules/documents/documents.routes';
import { forecastingRoutes } from '../modules/forecasting/forecasting.routes';
import { authRoutes } from '../modules/identity/auth/auth.routes';
import { usersRoutes } from '../modules/identity/users/users.routes';
import { importMappingsRoutes } from '../modules/import-mappings/import-mappings.routes';
import { indicatorsRoutes } from '../modules/indicators/indicators.routes';
import { meetingsRoutes } from '../modules/meetings/meetings.routes';
import { dialogueOrganisationsRoutes, membersRoutes } from '../modules/members/members.routes';
import { messagesRoutes } from '../modules/messages/messages.routes';
import { migratoryRoutesRoutes } from '../modules/migratory-routes/migratory-routes.routes';
import { monitoringRoutes } from '../modules/monitoring/monitoring.routes';
import { noticeAttachmentsRoutes } from '../modules/notices/notices.attachments.routes';
import { inboundMailRoutes } from '../modules/notices/notices.inbound.routes';
import { noticesRoutes } from '../modules/notices/notices.routes';
import { noticeSubscriptionsRoutes } from '../modules/notices/notices.subscriptions.routes';
import { maxImportBytes } from '../modules/observations/observations.import';
import { observationsRoutes } from '../modules/observations/observations.routes';
import { PassageMetrics } from '../modules/operations/operations.metrics';
import { operationsRoutes } from '../modules/operations/operations.routes';
import { periodLocksRoutes } from '../modules/period-locks/period-locks.routes';
import { portalPageRoutes, portalRoutes } from '../modules/portal/portal.routes';
import { practiceAttachmentsRoutes } from '../modules/practices/practices.attachments.routes';
import { practicesRoutes } from '../modules/practices/practices.routes';
import { profilesRoutes } from '../modules/profiles/profiles.routes';
import { referenceRoutes } from '../modules/reference/reference.routes';
import { remindersRoutes } from '../modules/reminders/reminders.routes';
import { closeReportBrowser } from '../modules/reports/reports.pdf';
import { reportsRoutes } from '../modules/reports/reports.routes';
import { sdmxRoutes } from '../modules/sdmx/sdmx.routes';
import { sdmx3Routes } from '../modules/sdmx/sdmx3.routes';
import { searchRoutes } from '../modules/search/search.routes';
import { setupRoutes } from '../modules/setup/setup.routes';
import { submissionsRoutes } from '../modules/submissions/submissions.routes';
import { languageRoutes, translationsRoutes } from '../modules/translations/translations.routes';
import { validationRulesRoutes } from '../modules/validation-rules/validation-rules.routes';
import { type ResponseCacheOptions, readResponseCacheOptions } from '../shared/response-cache';
import { registerEventListeners } from './events';
import { auditDenialsPlugin } from './plugins/audit-denials';
import { authPlugin } from './plugins/auth';
import { cacheInvalidationPlugin } from './plugins/cache-invalidation';
import { drainRequestPlugin } from './plugins/drain-request';
import { identityRoutes, twoFactorGuardPlugin } from './plugins/identity';
import { openapiPlugin } from './plugins/openapi';
import { problemJsonPlugin, sendRouteNotFound } from './plugins/problem-json';
import { rejectNulPlugin } from './plugins/reject-nul';
import { responseCachePlugin } from './plugins/response-cache';
import { securityPlugin, trustProxySetting } from './plugins/security';
import { webStaticOptions } from './web-assets';

export interface AppOptions {
  db: Db;
  logger?: FastifyServerOptions['logger'];
  /** Built web app to serve at /; skipped when absent (API-only tests). */
  webDir?: string;
  /**
   * The response cache (src/shared/response-cache.ts): null = off; default from the environment
   * (PASSAGE_RESPONSE_CACHE, PASSAGE_RESPONSE_CACHE_MS, …_MAX_ENTRIES, …_MAX_MIB).
   */
  responseCache?: ResponseCacheOptions | null;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  registerEventListeners(); // publication → dashboards, alerts, reports, forecasts (src/server/events.ts)
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 10 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    trustProxy: trustProxySetting(process.env.PASSAGE_TRUST_PROXY),
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Every answered request, by route template: the latency histograms of /api/metrics.
  const metrics = new PassageMetrics(opts.db);
  app.addHook('onResponse', async (req, reply) => {
    metrics.observeRequest(req.method, req.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  });
  await app.register(problemJsonPlugin);
  await app.register(auditDenialsPlugin, { db: opts.db });
  await app.register(cookie);
  // Before the access rules: a NUL character is malformed input (400 naming the field) whoever sends it.
  await app.register(rejectNulPlugin);
  await app.register(securityPlugin);
  await app.register(cacheInvalidationPlugin, { db: opts.db });
  await app.register(authPlugin, { db: opts.db });
  await app.register(twoFactorGuardPlugin, { db: opts.db });
  await app.register(drainRequestPlugin, { maxBytes: maxImportBytes() });
  await app.register(archivedDialogueGuard, { db: opts.db });
  // After the door, the validation and the two-factor guard: a refused caller is refused with a warm cache.
  // Off with a read replica (Db.noteWrite): an answer read there may predate a write whose notice came
  // before the replica replayed it, and nothing would clear it when the replay comes (docs/scaling.md).
  const cacheOptions = opts.responseCache === undefined ? readResponseCacheOptions() : opts.responseCache;
  await app.register(responseCachePlugin, { options: opts.db.noteWrite ? null : cacheOptions });
  await app.register(openapiPlugin);

  await app.register(operationsRoutes, { prefix: '/api', metrics });
  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(referenceRoutes, { prefix: '/api/reference' });
  await app.register(dialoguesRoutes, { prefix: '/api/dialogues' });
  await app.register(identityRoutes);
  await app.register(usersRoutes, { prefix: '/api/users' });
  await app.register(auditRoutes, { prefix: '/api/audit' });
  await app.register(analyticsRoutes, { prefix: '/api/dialogues' });
  await app.register(forecastingRoutes, { prefix: '/api/dialogues' });
  await app.register(observationsRoutes, { prefix: '/api/dialogues/:slug' });
  await app.register(importMappingsRoutes, { prefix: '/api/dialogues/:slug/import-mappings' });
  await app.register(sdmxRoutes, { prefix: '/api/sdmx/2.1' });
  await app.register(sdmx3Routes, { prefix: '/api/sdmx/3.0' });
  await app.register(portalRoutes, { prefix: '/api/portal' });
  await app.register(submissionsRoutes, { prefix: '/api/dialogues/:slug' });
  await app.register(validationRulesRoutes, { prefix: '/api/dialogues/:slug' });
  await app.register(alertsRoutes, { prefix: '/api/dialogues/:slug' });
  await app.register(notificationsRoutes, { prefix: '/api/notifications' });
  await app.register(reportsRoutes, { prefix: '/api/dialogues/:slug' });
  app.addHook('onClose', closeReportBrowser); // the shared Chromium of report PDFs, if one was launched
  await app.register(translationsRoutes, { prefix: '/api/dialogues/:slug/translations' });
  await app.register(definitionsRoutes, { prefix: '/api/dialogues/:slug/definitions' });
  await app.register(indicatorsRoutes, { prefix: '/api/dialogues/:slug/definitions' });
  await app.register(migratoryRoutesRoutes, { prefix: '/api/dialogues/:slug/definitions' });
  await app.register(calendarsRoutes, { prefix: '/api/dialogues/:slug/definitions' });
  await app.register(periodLocksRoutes, { prefix: '/api/dialogues/:slug/locks' });
  await app.register(remindersRoutes, { prefix: '/api/dialogues/:slug/reminders' });
  await app.register(messagesRoutes, { prefix: '/api/dialogues/:slug/messages' });
  await app.register(noticesRoutes, { prefix: '/api/dialogues/:slug/notices' });
  await app.register(noticeSubscriptionsRoutes, { prefix: '/api/dialogues/:slug/notices' });
  await app.register(noticeAttachmentsRoutes, { prefix: '/api/dialogues/:slug/notices' });
  await app.register(inboundMailRoutes, { prefix: '/api/inbound-mail' });
  await app.register(monitoringRoutes, { prefix: '/api/dialogues/:slug/monitoring' });
  await app.register(profilesRoutes, { prefix: '/api/dialogues/:slug/profiles' });
  await app.register(practicesRoutes, { prefix: '/api/dialogues/:slug/practices' });
  await app.register(practiceAttachmentsRoutes, { prefix: '/api/dialogues/:slug/practices' });
  await app.register(meetingsRoutes, { prefix: '/api/dialogues/:slug/meetings' });
  await app.register(consultationsRoutes, { prefix: '/api/dialogues/:slug/consultations' });
  await app.register(contactsRoutes, { prefix: '/api/dialogues/:slug/contacts' });
  await app.register(documentsRoutes, { prefix: '/api/dialogues/:slug/documents' });
  await app.register(agreementsRoutes, { prefix: '/api/dialogues/:slug/agreements' });
  await app.register(searchRoutes, { prefix: '/api/search' });
  await app.register(contactConfirmationRoutes, { prefix: '/api/contact-confirmations' });
  await app.register(languageRoutes, { prefix: '/api/i18n' });
  // Set-up from nothing, dialogue and member administration (issue 20).
  await app.register(setupRoutes, { prefix: '/api/setup' });
  await app.register(dialogueAdminRoutes, { prefix: '/api/admin/dialogues' });
  await app.register(membersRoutes, { prefix: '/api/admin/dialogues' });
  await app.register(dialogueOrganisationsRoutes, { prefix: '/api/dialogues/:slug' });
  await app.register(dialogueLogoRoutes, { prefix: '/api/dialogues' });

  const webDir = opts.webDir;
  const hasWeb = webDir !== undefined && existsSync(join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, webStaticOptions(webDir));
  // robots.txt, sitemaps and the portal's pages with their link previews (after the static files' routes).
  await app.register(portalPageRoutes, hasWeb ? { webDir } : {});
  app.setNotFoundHandler((req, reply) => {
    const isAsset = req.url.startsWith('/assets/');
    if (req.url.startsWith('/api/') || isAsset || !hasWeb || req.method !== 'GET')
      return sendRouteNotFound(req, reply);
    // Client-side routes of the single-page app.
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}
