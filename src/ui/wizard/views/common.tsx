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
export function Mark({ active, symbol, color }: { active: boolean; symbol: string; color: string }) {
  return <Box width={2} flexShrink={0}>{active ? <Text color={color}><Spinner type="dots" /></Text> : <Text color={color}>{symbol}</Text>}</Box>;
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
