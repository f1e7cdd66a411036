// The staging tables and COPYs of the Sparkify load, as the benchmarks run them.

export const STAGING_DDL = {
  songs: `CREATE TABLE staging_songs (num_songs INT, artist_id VARCHAR, artist_latitude FLOAT, artist_longitude FLOAT,
    artist_location VARCHAR(512), artist_name VARCHAR(512), song_id VARCHAR, title VARCHAR(512), duration FLOAT, year INT)`,
  events: `CREATE TABLE staging_events (artist VARCHAR(512), auth VARCHAR, first_name VARCHAR, gender VARCHAR(1),
    item_in_session INT, last_name VARCHAR, length FLOAT, level VARCHAR, location VARCHAR, method VARCHAR, page VARCHAR,
    registration FLOAT, session_id INT, song VARCHAR(512), status INT, ts BIGINT, user_agent VARCHAR(512), user_id VARCHAR)`,
};

export const COPY_SQL = {
  songs: "COPY staging_songs FROM 's3://udacity-dend/song_data' IAM_ROLE 'arn:aws:iam::123456789012:role/bench' FORMAT AS JSON 'auto'",
  events: "COPY staging_events FROM 's3://udacity-dend/log_data' IAM_ROLE 'arn:aws:iam::123456789012:role/bench' FORMAT AS JSON 's3://udacity-dend/log_json_path.json'",
};
