/** The only place that configures colour (chalk). chalk ignores NO_COLOR, so it is handled here. */
import chalk from 'chalk'

/**
 * `always` (an explicit --color) wins over NO_COLOR, as no-color.org asks of command-line flags; `never`
 * is --no-color; `auto` honours NO_COLOR and otherwise chalk's terminal detection.
 */
export function configureColor(mode: 'always' | 'auto' | 'never'): void {
  if (mode === 'always') chalk.level = Math.max(chalk.level, 1) as typeof chalk.level
  else if (mode === 'never' || (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '')) chalk.level = 0
}

export const theme = {
  bad: (text: string) => chalk.red(text),
  dim: (text: string) => chalk.dim(text),
  good: (text: string) => chalk.green(text),
  heading: (text: string) => chalk.bold(text),
  value: (text: string) => chalk.cyan(text),
  warn: (text: string) => chalk.yellow(text),
}
