// The floor for the wizard's first frame: an Ink app that renders one <Text>.
import { render, Text } from 'ink';
import { createElement } from 'react';

const app = render(createElement(Text, null, 'ready'));
setTimeout(() => app.unmount(), 200);
