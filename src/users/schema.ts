import { z } from 'zod';
import { roles } from '../platform/auth/roles.js';

const checkbox = z.preprocess((v) => v === 'yes' || v === true || v === 'true', z.boolean());

export const email = z.string({ error: 'Enter an email address' }).trim().toLowerCase()
  .min(1, 'Enter an email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.org' }));

const password = z.string({ error: 'Enter a password' })
  .min(12, 'Password must be at least 12 characters')
  .max(256, 'Password must be 256 characters or fewer');

export const newUserInput = z.object({
  email,
  name: z.string({ error: 'Enter the full name' }).trim().min(1, 'Enter the full name').max(200, 'Name must be 200 characters or fewer'),
  organisationId: z.uuid({ error: 'Select an organisation' }),
  role: z.enum(roles, { error: 'Select a role' }),
  password,
});
export type NewUserInput = z.infer<typeof newUserInput>;

export const userUpdateInput = z.object({
  name: z.string({ error: 'Enter the full name' }).trim().min(1, 'Enter the full name').max(200),
  organisationId: z.uuid({ error: 'Select an organisation' }),
  role: z.enum(roles, { error: 'Select a role' }),
  active: checkbox,
  unlock: checkbox,
  version: z.coerce.number().int().positive(),
});
export type UserUpdateInput = z.infer<typeof userUpdateInput>;

export const signInInput = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email address').max(254),
  password: z.string().min(1, 'Enter your password').max(256),
});
