/** The only place that configures colour (chalk). chalk ignores NO_COLOR, so it is handled here. */
import chalk from 'chalk'

export function configureColor(enabled: boolean): void {
  if (!enabled || process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') chalk.level = 0
}

export const theme = {
  bad: (text: string) => chalk.red(text),
  dim: (text: string) => chalk.dim(text),
  good: (text: string) => chalk.green(text),
  heading: (text: string) => chalk.bold(text),
  value: (text: string) => chalk.cyan(text),
  warn: (text: string) => chalk.yellow(text),
}
