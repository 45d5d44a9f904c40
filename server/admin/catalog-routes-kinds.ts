/** Catalogue kinds edited through the generic item routes (staff and devices have their own). */
export const ADMIN_ITEM_KINDS = ['group', 'service', 'bundle', 'window'] as const;
