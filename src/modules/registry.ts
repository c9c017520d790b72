import type { AclResource, ActionGroup, MenuItem, ModuleManifest, SettingField, SettingSection } from './types.ts';

export interface AclNode extends AclResource {
  children: AclNode[];
}

/** Everything the modules declared, merged: the permission tree, menu, settings and action-log groups. */
export class Registry {
  readonly resources = new Map<string, AclResource>();
  readonly menu: MenuItem[] = [];
  readonly sections: SettingSection[] = [];
  readonly fields = new Map<string, { field: SettingField; section: SettingSection }>();
  readonly actionGroups: ActionGroup[] = [];

  constructor(readonly modules: ModuleManifest[]) {
    for (const m of modules) {
      for (const r of m.resources ?? []) {
        if (this.resources.has(r.id)) throw new Error(`Duplicate ACL resource ${r.id} (module ${m.name})`);
        this.resources.set(r.id, r);
      }
      this.menu.push(...(m.menu ?? []));
      for (const s of m.settings ?? []) this.addSection(s);
      this.actionGroups.push(...(m.actionGroups ?? []));
    }
    for (const r of this.resources.values()) {
      if (r.parent && !this.resources.has(r.parent)) throw new Error(`ACL resource ${r.id} has unknown parent ${r.parent}`);
    }
    for (const item of this.menu) {
      if (!this.resources.has(item.resource)) throw new Error(`Menu item ${item.id} needs unknown resource ${item.resource}`);
    }
    this.menu.sort(bySortOrder);
    this.sections.sort(bySortOrder);
  }

  /** Sections with the same id (declared by several modules) merge their groups. */
  private addSection(s: SettingSection) {
    let section = this.sections.find((x) => x.id === s.id);
    if (!section) {
      section = { ...s, groups: [] };
      this.sections.push(section);
    }
    for (const g of s.groups) {
      section.groups.push(g);
      for (const f of g.fields) {
        if (this.fields.has(f.path)) throw new Error(`Duplicate setting ${f.path}`);
        this.fields.set(f.path, { field: f, section });
      }
    }
    section.groups.sort(bySortOrder);
  }

  /** The permission tree for the Role Resources tab. */
  aclTree(): AclNode[] {
    const nodes = new Map<string, AclNode>();
    for (const r of this.resources.values()) nodes.set(r.id, { ...r, children: [] });
    const roots: AclNode[] = [];
    for (const n of nodes.values()) (n.parent ? nodes.get(n.parent)!.children : roots).push(n);
    const sort = (list: AclNode[]) => {
      list.sort(bySortOrder);
      for (const n of list) sort(n.children);
    };
    sort(roots);
    return roots;
  }

  /** A resource and all its ancestors, top first. */
  ancestry(id: string): string[] {
    const out: string[] = [];
    for (let r = this.resources.get(id); r; r = r.parent ? this.resources.get(r.parent) : undefined) out.unshift(r.id);
    return out;
  }

  actionGroupLabel(id: string) {
    return this.actionGroups.find((g) => g.id === id)?.label ?? id;
  }
}

function bySortOrder(a: { sortOrder?: number }, b: { sortOrder?: number }) {
  return (a.sortOrder ?? 0) - (b.sortOrder ?? 0);
}

declare module '../kernel/app-context.ts' {
  interface AppContext {
    /** Every module's declarations (resources, menu, settings, slots), merged. */
    registry: Registry;
  }
}
