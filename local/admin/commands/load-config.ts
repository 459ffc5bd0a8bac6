import path from 'node:path';
import type { Command } from '../command';
import { usageError } from '../errors';

const ROOT = path.resolve(__dirname, '..', '..', '..');

export const loadConfigCommand: Command = {
  summary: '포상연도·기관 주소록을 테이블에 올리기 (load cycles and the directory into the table)',
  description:
    'config/ (또는 --dir)의 cycle-<연도>.json과 directory.json을 검사해 테이블에 씁니다. 함수들은 캐시 시간\n' +
    '(AWS 30초, 로컬 2초) 안에 새 값을 씁니다: 배포 없이 승인자를 바꿀 수 있습니다\n' +
    "(checks the files with the functions' own schemas and writes them; functions use them within their cache time).",
  options: {
    dir: { type: 'string', value: '<dir>', description: '설정 폴더 (config directory; default config/)' },
  },
  examples: ['load-config', 'load-config --dir ./config --aws'],

  async run(context) {
    const dir = path.resolve(String(context.options.dir ?? path.join(ROOT, 'config')));
    const { filesIn, loadConfig } = await import('../../../functions/adapters/config');
    let config: ReturnType<typeof loadConfig>;
    try {
      config = loadConfig(filesIn(dir));
    } catch (error) {
      throw usageError(`설정 파일을 읽을 수 없습니다 (config not loaded): ${(error as Error).message}`);
    }
    const data = await context.data();
    await data.loadConfig(config);
    const years = config.cycles.map((cycle) => cycle.year);
    const centers = config.directory.centers.map((center) => center.id);
    return {
      text: `설정을 올렸습니다 (loaded): 포상연도 ${years.join(', ')} · 센터 ${centers.length}곳 (${centers.join(', ')})\n`,
      data: { dir, cycles: years, centers },
    };
  },
};
