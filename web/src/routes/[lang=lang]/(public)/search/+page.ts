// Results, facets and paging are links and a GET form: the page needs no JavaScript at all.
export const csr = false;
