import * as z from 'zod';
import guideJson from '../../../config/guide.json';
import { LEVEL_NAMES } from './levels';

/**
 * The service guide (办事指南, DOMAIN L3): every licensing matter — new, change, renewal,
 * cancellation × license class (and level for facility licenses) — with its required materials,
 * conditions and statutory time limits. Expanded from config/guide.json; public data.
 */
/** A statutory limit with its legal basis: `basis` the official Chinese citation, `basisEn` its English reading. */
const TimeLimit = z.object({ value: z.number().int().positive(), basis: z.string(), basisEn: z.string() });
const MaterialTypeSpec = z.object({
  name: z.string(),
  nameEn: z.string(),
  reusable: z.boolean(),
  defaultValidityMonths: z.number().int().positive().optional(),
});
const LicenseClassSpec = z.object({
  name: z.string(),
  nameEn: z.string(),
  family: z.enum(['power-business', 'facility']),
  validityYears: z.number().int().positive(),
  levels: z.array(z.number().int().min(1).max(5)).optional(),
  /** The official scope wording (许可范围) a grant seals, by level (`all` where the class has none): Chinese, from the rules. */
  scopes: z.record(z.string(), z.string().min(4)),
  materials: z.array(z.string()),
  /** The conditions in their official Chinese wording (a correction notice names them by it), and their English readings in the same order. */
  conditions: z.array(z.string()).min(1),
  conditionsEn: z.array(z.string()).min(1),
});
export const MatterKind = z.enum(['new', 'change', 'renewal', 'cancellation']);
export type MatterKind = z.infer<typeof MatterKind>;

/** What a kind of matter does, as the rules read it. Its names and materials are in guide.json. */
export interface MatterKindRules {
  /** The action on the enterprise's existing license (its licenseNo is then required), or none: the case issues a new one. */
  licenseAction?: 'renew' | 'change' | 'cancel';
  /** Whether a granted case issues a license (and so has an issuance clock, L8). */
  issuesLicense: boolean;
  /** Whether the class's licensing conditions are examined (S3). */
  conditionsApply: boolean;
  /** Whether it must be applied for a lead time before the license expires (Art. 50). */
  renewalLead: boolean;
}

/** THE table of matter kinds: adding a kind is a row here and its names and materials in guide.json. */
export const MATTER_KINDS = {
  new: { issuesLicense: true, conditionsApply: true, renewalLead: false },
  change: { licenseAction: 'change', issuesLicense: true, conditionsApply: true, renewalLead: false },
  renewal: { licenseAction: 'renew', issuesLicense: true, conditionsApply: true, renewalLead: true },
  cancellation: { licenseAction: 'cancel', issuesLicense: false, conditionsApply: false, renewalLead: false },
} as const satisfies Record<MatterKind, MatterKindRules>;

export const kindRules = (kind: MatterKind): MatterKindRules => MATTER_KINDS[kind];

const GuideConfig = z
  .object({
    version: z.string(),
    timeLimits: z.object({
      acceptanceWorkingDays: TimeLimit,
      decisionWorkingDays: TimeLimit,
      extensionMaxWorkingDays: TimeLimit,
      issuanceWorkingDays: TimeLimit,
      publicationWorkingDays: TimeLimit,
      renewalLeadDays: TimeLimit,
    }),
    materialTypes: z.record(z.string(), MaterialTypeSpec),
    licenseClasses: z.record(z.string(), LicenseClassSpec),
    matterKinds: z.record(MatterKind, z.object({ name: z.string(), nameEn: z.string(), materials: z.enum(['class', 'none']), extra: z.array(z.string()) })),
  })
  .superRefine((g, ctx) => {
    const known = new Set(Object.keys(g.materialTypes));
    const used = [...Object.values(g.licenseClasses).flatMap((c) => c.materials), ...Object.values(g.matterKinds).flatMap((k) => k.extra)];
    for (const m of used) if (!known.has(m)) ctx.addIssue({ code: 'custom', message: `material type ${m} is not defined in materialTypes` });
    for (const [id, c] of Object.entries(g.licenseClasses))
      for (const level of c.levels ?? ['all'])
        if (!c.scopes[String(level)]) ctx.addIssue({ code: 'custom', message: `licence class ${id} has no official scope for level ${level}` });
    for (const [id, c] of Object.entries(g.licenseClasses))
      if (c.conditionsEn.length !== c.conditions.length)
        ctx.addIssue({ code: 'custom', message: `licence class ${id} has ${c.conditions.length} conditions but ${c.conditionsEn.length} English readings` });
  });

export const guideConfig = GuideConfig.parse(guideJson);

/** The official scope wording (许可范围) of a licence of a class and level: what a grant seals, in Chinese. */
export function officialScope(licenseClass: string, level: number | undefined): string {
  const scopes = guideConfig.licenseClasses[licenseClass]?.scopes;
  const scope = scopes?.[level ? String(level) : 'all'];
  if (!scope) throw new Error(`no official scope for ${licenseClass}${level ? ` level ${level}` : ''}`);
  return scope;
}

/** A matter's id: its licence class, its level where the class has levels, and its kind (`facility-install-l3.renewal`). */
export const matterIdOf = (licenseClass: string, level: number | undefined, kind: string): string => `${licenseClass}${level ? `-l${level}` : ''}.${kind}`;

export const RequiredMaterial = z.object({ materialType: z.string(), name: z.string(), nameEn: z.string(), reusable: z.boolean() });
export const Matter = z.object({
  matterId: z.string(),
  kind: MatterKind,
  licenseClass: z.string(),
  /** The licence class's name, as the guide groups its matters. */
  className: z.string(),
  classNameEn: z.string(),
  level: z.number().int().optional(),
  name: z.string(),
  nameEn: z.string(),
  licenseValidityYears: z.number().int(),
  /** What a licence granted for the matter is for: the official scope wording it is sealed with. */
  scope: z.string(),
  materials: z.array(RequiredMaterial),
  conditions: z.array(z.string()),
  conditionsEn: z.array(z.string()),
  timeLimits: z.object({
    acceptanceWorkingDays: TimeLimit,
    decisionWorkingDays: TimeLimit,
    extensionMaxWorkingDays: TimeLimit,
    issuanceWorkingDays: TimeLimit,
    publicationWorkingDays: TimeLimit,
    renewalLeadDays: TimeLimit.optional(),
  }),
  feeCny: z.literal(0),
  feeBasis: z.string(),
  feeBasisEn: z.string(),
  guideVersion: z.string(),
});
export type Matter = z.infer<typeof Matter>;

function expand(): Matter[] {
  const g = guideConfig;
  const matters: Matter[] = [];
  for (const [classId, cls] of Object.entries(g.licenseClasses)) {
    for (const level of cls.levels ?? [undefined]) {
      for (const kind of MatterKind.options) {
        const k = g.matterKinds[kind]!;
        const materialIds = [...k.extra, ...(k.materials === 'class' ? cls.materials : [])];
        const { renewalLeadDays, ...limits } = g.timeLimits;
        matters.push({
          matterId: matterIdOf(classId, level, kind),
          kind,
          licenseClass: classId,
          className: cls.name,
          classNameEn: cls.nameEn,
          ...(level ? { level } : {}),
          name: `${cls.name}${level ? LEVEL_NAMES[level - 1] : ''}${k.name}`,
          nameEn: `${cls.nameEn}${level ? ` level ${level}` : ''}: ${k.nameEn.toLowerCase()}`,
          licenseValidityYears: cls.validityYears,
          scope: officialScope(classId, level),
          materials: [...new Set(materialIds)].map((id) => ({ materialType: id, ...g.materialTypes[id]! })).map(({ defaultValidityMonths: _, ...m }) => m),
          conditions: kindRules(kind).conditionsApply ? cls.conditions : [],
          conditionsEn: kindRules(kind).conditionsApply ? cls.conditionsEn : [],
          timeLimits: kindRules(kind).renewalLead ? { ...limits, renewalLeadDays } : limits,
          feeCny: 0,
          feeBasis: '行政许可法 第五十八条：行政机关实施行政许可不得收取任何费用',
          feeBasisEn: 'Administrative Licensing Law, Art. 58: no fee may be charged for a licence',
          guideVersion: g.version,
        });
      }
    }
  }
  return matters;
}

export const matters: readonly Matter[] = expand();
const byId = new Map(matters.map((m) => [m.matterId, m]));
export const matterById = (id: string): Matter | undefined => byId.get(id);
export const MatterId = z.string().regex(/^[a-z][a-z0-9.-]{2,63}$/, 'a matter id such as facility-install-l3.new');
