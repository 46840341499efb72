/** The signed-in person, as the API's `me` describes them; null for an anonymous visitor. */
export interface SessionUser {
  id: string;
  name: string;
  roles: ('admin' | 'editor' | 'researcher' | 'teacher' | 'reader')[];
}
