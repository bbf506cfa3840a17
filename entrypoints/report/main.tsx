import '../../components/log/pages.css';
import { mountPage } from '../../components/mount-page';
import { ReportApp } from '../../components/report/ReportApp';
import { t } from '../../utils/i18n';

document.title = t('reportPageTitle');

mountPage(<ReportApp />);
