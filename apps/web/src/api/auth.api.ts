import type { AuthResponse, LoginRequest, RegisterRequest } from '@agenthub/contracts';
import { http } from './http-client';

// 401 on these means bad credentials, so they must not trigger the refresh-and-retry path.
export const authApi = {
  register: (body: RegisterRequest) => http.post<AuthResponse>('/auth/register', body, { auth: false }),
  login: (body: LoginRequest) => http.post<AuthResponse>('/auth/login', body, { auth: false }),
  logout: (refreshToken: string) => http.post<void>('/auth/logout', { refreshToken }, { auth: false }),
};
