// Element Plus services are called from code, not templates, so the on-demand resolver cannot see
// them: import them and their styles here, once.
import { ElMessage, ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';

export { ElMessage, ElMessageBox };
