import '../../components/log/pages.css';
import { mountPage } from '../../components/mount-page';
import { ReportApp } from '../../components/report/ReportApp';

mountPage(<ReportApp />);
