import { useEffect, useId, useRef, type RefObject, type SyntheticEvent } from 'react';

/** What {@link useModalDialog} gives: props to spread on the <dialog>, and the id its title must carry. */
export interface ModalDialog {
  titleId: string;
  dialogProps: {
    ref: RefObject<HTMLDialogElement | null>;
    'aria-labelledby': string;
    onCancel: (event: SyntheticEvent<HTMLDialogElement>) => void;
  };
}

/**
 * A native <dialog> shown as a modal once mounted (focus trap and Esc come with it; without
 * `showModal`, e.g. in tests, it is just opened) and closed on unmount. Esc does not close it by
 * itself: it calls `onCancel`, and the owner unmounts the dialog (or not, e.g. while busy).
 *
 * @example
 * const { titleId, dialogProps } = useModalDialog(onCancel);
 * return <dialog {...dialogProps} className="dialog"><h2 id={titleId} className="dialog__title">…</h2></dialog>;
 */
export function useModalDialog(onCancel: () => void): ModalDialog {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    return () => dialog?.close?.();
  }, []);
  return {
    titleId,
    dialogProps: {
      ref,
      'aria-labelledby': titleId,
      onCancel: (event) => {
        event.preventDefault();
        onCancel();
      },
    },
  };
}
