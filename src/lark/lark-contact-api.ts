import type { SdkClient } from './sdk-client.js';

export interface LarkDepartment {
  openDepartmentId: string;
  /** The tenant's own department id, when it set one. */
  departmentId?: string;
  name: string;
  parentId: string;
}

export interface LarkUser {
  openId: string;
  name: string;
  title: string;
  mobile: string;
  openDepartmentIds: string[];
  resigned: boolean;
}

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

/** What `org sync` reads from Lark's contact API (contact:contact:readonly). */
export interface LarkContactApi {
  /** Every department under the root, one page at a time. */
  departments(pageToken?: string): Promise<Page<LarkDepartment>>;
  /** The direct members of a department ('0' is the root), one page at a time. */
  usersIn(openDepartmentId: string, pageToken?: string): Promise<Page<LarkUser>>;
}

const PAGE_SIZE = 50;

export function createLarkContactApi(sdk: SdkClient): LarkContactApi {
  return {
    async departments(pageToken) {
      const data = await sdk.call('department.children', (client) =>
        client.contact.v3.department.children({
          path: { department_id: '0' },
          params: { department_id_type: 'open_department_id', fetch_child: true, page_size: PAGE_SIZE, ...(pageToken ? { page_token: pageToken } : {}) },
        }),
      );
      return {
        items: (data?.items ?? []).flatMap((d) =>
          d.open_department_id
            ? [{ openDepartmentId: d.open_department_id, ...(d.department_id ? { departmentId: d.department_id } : {}), name: d.name, parentId: d.parent_department_id }]
            : [],
        ),
        ...(data?.has_more && data.page_token ? { nextPageToken: data.page_token } : {}),
      };
    },
    async usersIn(openDepartmentId, pageToken) {
      const data = await sdk.call('user.findByDepartment', (client) =>
        client.contact.v3.user.findByDepartment({
          params: {
            department_id: openDepartmentId,
            department_id_type: 'open_department_id',
            user_id_type: 'open_id',
            page_size: PAGE_SIZE,
            ...(pageToken ? { page_token: pageToken } : {}),
          },
        }),
      );
      return {
        items: (data?.items ?? []).flatMap((u) =>
          u.open_id
            ? [
                {
                  openId: u.open_id,
                  name: u.name,
                  title: u.job_title ?? '',
                  mobile: u.mobile ?? '',
                  openDepartmentIds: u.department_ids ?? [],
                  resigned: u.status?.is_resigned === true,
                },
              ]
            : [],
        ),
        ...(data?.has_more && data.page_token ? { nextPageToken: data.page_token } : {}),
      };
    },
  };
}
