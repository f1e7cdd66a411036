// Small pieces every screen uses.

import { Box, Text, useStdout } from 'ink';
import Spinner from 'ink-spinner';
import type { ReactNode } from 'react';

export function useWidth(): number {
  const { stdout } = useStdout();
  return Math.max(40, stdout.columns || 80);
}

/** A cell of fixed width; longer text is cut with an ellipsis, never wrapped. */
export function Cell({ width, children, color, dim, bold, align = 'left' }: {
  width: number; children: ReactNode; color?: string; dim?: boolean; bold?: boolean; align?: 'left' | 'right';
}) {
  return (
    <Box width={width} flexShrink={0} justifyContent={align === 'right' ? 'flex-end' : 'flex-start'}>
      <Text wrap="truncate-end" color={color} dimColor={dim} bold={bold}>
        {children}
      </Text>
    </Box>
  );
}

/** A status mark: a spinner while something runs, a symbol otherwise. */
/** ink-spinner's "dots", drawn from a screen's own clock. */
const DOTS = [...'⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏'];

/**
 * A step's mark: its symbol, or a spinner while it is active. A screen that already ticks (the
 * progress screen) passes its `tick`, so every spinner moves with that one clock instead of a
 * timer each: four spinners of their own re-rendered the screen 50 times a second.
 */
export function Mark({ active, symbol, color, tick }: { active: boolean; symbol: string; color: string; tick?: number }) {
  const spinner = tick === undefined ? <Spinner type="dots" /> : DOTS[tick % DOTS.length];
  return <Box width={2} flexShrink={0}><Text color={color}>{active ? spinner : symbol}</Text></Box>;
}

export function Title({ children }: { children: ReactNode }) {
  return (
    <Text bold wrap="truncate-end">
      {children}
    </Text>
  );
}

export function Keys({ children }: { children: ReactNode }) {
  return (
    <Box marginTop={1}>
      <Text dimColor wrap="truncate-end">{children}</Text>
    </Box>
  );
}
