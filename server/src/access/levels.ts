import { registerEnumType } from 'type-graphql';

export enum Role {
  researcher = 'researcher',
  editor = 'editor',
  teacher = 'teacher',
  admin = 'admin',
  /** Self-registered (signUp): public clearance plus what editors grant; never staff. */
  reader = 'reader',
}

/** Ordered from the most open to the most closed. */
export enum AccessLevel {
  public = 'public',
  education = 'education',
  research = 'research',
  private = 'private',
}

export const ACCESS_ORDER: readonly AccessLevel[] = [
  AccessLevel.public,
  AccessLevel.education,
  AccessLevel.research,
  AccessLevel.private,
];

export const rank = (level: AccessLevel): number => ACCESS_ORDER.indexOf(level);

/** The levels at or below `level`: the ones a viewer cleared for `level` may see. */
export const levelsUpTo = (level: AccessLevel): AccessLevel[] => ACCESS_ORDER.slice(0, rank(level) + 1);

registerEnumType(Role, { name: 'Role', description: 'What a signed-in user does in the archive' });
registerEnumType(AccessLevel, {
  name: 'AccessLevel',
  description: 'public: everyone; education: signed-in teachers and staff; research: staff; private: owner and editors',
});
