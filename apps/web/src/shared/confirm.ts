import { ElMessageBox } from './element-services';

export interface ConfirmOptions {
  title: string;
  message: string;
  confirmText: string;
  cancelText: string;
  /** Red confirm button: the action deletes or disables something. */
  danger?: boolean;
}

/** Asks before an action that changes things for others; true when the user confirmed. */
export async function confirmAction(options: ConfirmOptions): Promise<boolean> {
  try {
    await ElMessageBox.confirm(options.message, options.title, {
      type: 'warning',
      confirmButtonText: options.confirmText,
      cancelButtonText: options.cancelText,
      ...(options.danger === false ? {} : { confirmButtonClass: 'el-button--danger' }),
    });
    return true;
  } catch {
    return false;
  }
}
