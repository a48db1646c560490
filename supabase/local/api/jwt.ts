// HS256 JWTs signed with the project's secret, as GoTrue issues and PostgREST checks them.
import { SignJWT, jwtVerify, errors } from 'jose';

export type Claims = Record<string, unknown> & { role?: string; sub?: string; exp?: number; session_id?: string };

export class JwtProblem extends Error {
	constructor(
		readonly kind: 'expired' | 'invalid',
		message: string
	) {
		super(message);
	}
}

export function jwtTools(secret: string) {
	const key = new TextEncoder().encode(secret);
	return {
		async sign(claims: Claims, expiresInSeconds: number): Promise<string> {
			const now = Math.floor(Date.now() / 1000);
			return new SignJWT({ ...claims, iat: now, exp: now + expiresInSeconds })
				.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
				.sign(key);
		},
		async verify(token: string): Promise<Claims> {
			try {
				const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
				return payload as Claims;
			} catch (e) {
				if (e instanceof errors.JWTExpired) throw new JwtProblem('expired', 'JWT expired');
				throw new JwtProblem('invalid', e instanceof Error ? e.message : 'invalid JWT');
			}
		}
	};
}

export type JwtTools = ReturnType<typeof jwtTools>;
