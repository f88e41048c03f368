/** Country profiles, under /api/dialogues/:slug/profiles. HTTP only (profiles.service.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
import { profilesPolicy } from './profiles.policy';
import {
  CompareQuery,
  CompareView,
  DraftBody,
  EndorseBody,
  FiguresView,
  ProfileList,
  ProfileParams,
  ProfileView,
  ReturnBody,
  SlugParams,
  VersionParams,
  VersionView,
} from './profiles.schema';
import {
  compareVersions,
  endorseVersion,
  getFigures,
  getProfile,
  getVersion,
  listProfiles,
  returnVersion,
  saveDraft,
} from './profiles.service';

const tags = ['profiles'];

export const profilesRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, tags);

  api.get('/', profilesPolicy.read, {
    schema: {
      summary:
        "The dialogue's member states and their profiles (endorsed version; editors: the latest's status)",
      params: SlugParams,
      response: { 200: ProfileList },
    },
    handler: (req) => listProfiles(req.ctx, req.params.slug),
  });

  api.get('/:state', profilesPolicy.read, {
    schema: {
      summary:
        "A state's profile: the endorsed version (editors: the latest, drafts too), its sections by classification, the versions",
      params: ProfileParams,
      response: { 200: ProfileView },
    },
    handler: (req) => getProfile(req.ctx, req.params.slug, req.params.state),
  });

  api.get('/:state/figures', profilesPolicy.read, {
    schema: {
      summary:
        "The state's key figures from the published statistics you may see (routes, citizenships, trend), with the date they were published",
      params: ProfileParams,
      response: { 200: FiguresView },
    },
    handler: (req) => getFigures(req.ctx, req.params.slug, req.params.state),
  });

  api.put('/:state/draft', profilesPolicy.edit, {
    schema: {
      summary:
        'Save the draft of the profile (a new version after an endorsement or a return); give the revision you read',
      params: ProfileParams,
      body: DraftBody,
      response: { 200: ProfileView },
    },
    handler: (req) => saveDraft(req.ctx, req.params.slug, req.params.state, req.body),
  });

  api.get('/:state/versions/:number', profilesPolicy.read, {
    schema: {
      summary: 'One version of the profile (drafts and returned versions: the editors only)',
      params: VersionParams,
      response: { 200: VersionView },
    },
    handler: (req) => getVersion(req.ctx, req.params.slug, req.params.state, req.params.number),
  });

  api.post('/:state/versions/:number/endorse', profilesPolicy.endorse, {
    schema: {
      summary: "Endorse the draft (the state's authorities): it becomes the version every member reads",
      params: VersionParams,
      body: EndorseBody,
      response: { 200: ProfileView },
    },
    handler: (req) => endorseVersion(req.ctx, req.params.slug, req.params.state, req.params.number, req.body),
  });

  api.post('/:state/versions/:number/return', profilesPolicy.endorse, {
    schema: {
      summary:
        "Return the draft with a comment (the state's authorities); the next save starts a new version",
      params: VersionParams,
      body: ReturnBody,
      response: { 200: ProfileView },
    },
    handler: (req) => returnVersion(req.ctx, req.params.slug, req.params.state, req.params.number, req.body),
  });

  api.get('/:state/compare', profilesPolicy.read, {
    schema: {
      summary: 'Two versions you may read compared section by section (word diff, sources, classification)',
      params: ProfileParams,
      querystring: CompareQuery,
      response: { 200: CompareView },
    },
    handler: (req) => compareVersions(req.ctx, req.params.slug, req.params.state, req.query),
  });
};
