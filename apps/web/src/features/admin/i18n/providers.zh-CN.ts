import type { adminProviders as en } from './providers.en';

/** Strings of the admin providers page (admin.providers.*). */
export const adminProviders: typeof en = {
  title: '服务提供方与服务配置',
  providers: '服务提供方',
  configs: '平台服务配置',
  name: '名称',
  serviceType: '服务类型',
  kind: '类型',
  auth: '认证',
  description: '描述',
};
