export const roles = [
  'first_responder',
  'ca_caseworker',
  'ca_manager',
  'support_worker',
  'la_childrens_services',
  'analyst',
  'policy_lead',
  'admin',
  'auditor',
  'prosecution_service',
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  first_responder: 'First responder',
  ca_caseworker: 'Competent Authority caseworker',
  ca_manager: 'Competent Authority manager',
  support_worker: 'Support worker',
  la_childrens_services: "Local authority children's services",
  analyst: 'Analyst',
  policy_lead: 'Policy lead',
  admin: 'Administrator',
  auditor: 'Auditor',
  prosecution_service: 'Prosecution service',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
