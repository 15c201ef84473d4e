import { create } from 'zustand';

export const SCREENS = ['setup', 'chains', 'certificates', 'manifest', 'troubleshoot', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

interface NavigationState {
  screen: Screen;
  go: (screen: Screen) => void;
}

export const useNavigationStore = create<NavigationState>((set) => ({
  screen: 'setup',
  go: (screen) => set({ screen }),
}));
