import { t } from '../../utils/i18n';

/** The pipeline an AI search runs, drawn as four boxes with where Stageback's feedback goes on each. */
export function StagesPicture() {
  const stages = [
    { x: 10, title: t('welcomeStageSubqueries'), line: t('welcomePictureSubqueries') },
    { x: 190, title: t('welcomeStageSources'), line: t('welcomePictureSources') },
    { x: 370, title: t('welcomeStageAnswer'), line: t('welcomePictureAnswer') },
    { x: 550, title: t('welcomeStageOverall'), line: t('welcomePictureOverall') },
  ];
  return (
    <svg
      className="stages-picture"
      viewBox="0 0 720 120"
      role="img"
      aria-labelledby="stages-picture-title"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id="stages-picture-title">{t('welcomePictureTitle')}</title>
      {stages.map((s, i) => (
        <g key={s.x}>
          <rect x={s.x} y={20} width={160} height={70} rx={12} className="stage-box" />
          <text x={s.x + 80} y={50} textAnchor="middle" className="stage-title">
            {s.title}
          </text>
          <text x={s.x + 80} y={72} textAnchor="middle" className="stage-line">
            {s.line}
          </text>
          <circle cx={s.x + 150} cy={22} r={11} className="stage-mark" />
          <text x={s.x + 150} y={26} textAnchor="middle" className="stage-mark-text">
            ✓
          </text>
          {i < stages.length - 1 && <path d={`M${s.x + 164} 55 h12 l-5 -5 m5 5 l-5 5`} className="stage-arrow" />}
        </g>
      ))}
    </svg>
  );
}
