-- fengong push --bulk: Virtuoso's bulk loader over one copied N-Quads file, through isql.
-- The build's graphs were cleared first (through the store's own endpoint, as every push
-- does); the quads carry their graphs, so the loader's default graph is never used.
-- $folder and $file are SQL string literals, quoted by fengong.store.virtuoso_bulk.
DELETE FROM DB.DBA.load_list WHERE ll_file = $path;
ld_dir($folder, $file, 'urn:fengong:no-default-graph');
rdf_loader_run();
checkpoint;
SELECT 'LOADED', ll_state, ll_error FROM DB.DBA.load_list WHERE ll_file = $path;
