/** The levels of the facility licences (承装/承修/承试, 1–5) as licences and the guide write them; no imports, so web pages share it. */
export const LEVEL_NAMES = ['一级', '二级', '三级', '四级', '五级'] as const;

export const levelName = (level: number, lang: 'zh' | 'en' = 'zh'): string => (lang === 'zh' ? (LEVEL_NAMES[level - 1] ?? String(level)) : String(level));
