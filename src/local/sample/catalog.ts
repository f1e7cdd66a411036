// What the sample's listeners play: the service's catalog, a long tail of songs of which
// song_data holds a share.

import type { Draw } from './draw.js';
import { TITLE_WORDS } from './vocabulary.js';

/** A song file of song_data. */
export interface Song {
  num_songs: 1;
  artist_id: string;
  artist_latitude: number | null;
  artist_longitude: number | null;
  artist_location: string;
  artist_name: string;
  song_id: string;
  title: string;
  duration: number;
  year: number;
}

/**
 * Share of the catalog's songs that song_data holds, and so, about, of the plays that match a song
 * file (the real data: a few percent; here enough that a demo's star schema has content).
 */
const KNOWN_SONG_SHARE = 0.35;
/** Of the catalog's songs song_data does not hold, the share by artists it knows through other songs. */
const CATALOG_KNOWN_ARTIST_SHARE = 0.3;
/** Songs per artist of the catalog's own artists, on average. */
const CATALOG_SONGS_PER_ARTIST = 3;

/** What a NextSong event says was played. */
export interface Played {
  artist: string;
  song: string;
  length: number;
}

/**
 * The service's catalog, by popularity: one long tail of songs, of which song_data holds a share
 * (KNOWN_SONG_SHARE of them, so about that share of plays match a song file), the rest unknown to
 * it. A rank's song is settled on its first play: the next unused song file, or a new song.
 */
export class Catalog {
  private readonly byRank = new Map<number, Played>();
  private readonly artists = new Map<number, string>();
  private nextSongFile = 0;
  private readonly size: number;
  private readonly artistCount: number;

  constructor(private readonly draw: Draw, private readonly songs: readonly Song[]) {
    this.size = Math.max(10, Math.ceil(songs.length / KNOWN_SONG_SHARE));
    this.artistCount = Math.ceil(this.size / CATALOG_SONGS_PER_ARTIST);
  }

  /** A song to play, the popular ones most often. */
  play(): Played {
    const rank = this.draw.popular(this.size);
    let played = this.byRank.get(rank);
    if (!played) {
      const song = this.nextSongFile < this.songs.length && this.draw.chance(KNOWN_SONG_SHARE) ? this.songs[this.nextSongFile++] : undefined;
      played = song
        ? { artist: song.artist_name, song: song.title, length: song.duration }
        : { artist: this.artist(), song: this.draw.words(TITLE_WORDS, 3), length: this.draw.float(30, 600, 5) };
      this.byRank.set(rank, played);
    }
    return played;
  }

  /**
   * The artist of a song song_data does not hold: often one song_data knows through other songs
   * (those of the popular song files most often), else one of the catalog's own, drawn by
   * popularity too, so popular artists have many songs.
   */
  private artist(): string {
    if (this.songs.length > 0 && this.draw.chance(CATALOG_KNOWN_ARTIST_SHARE)) return this.songs[this.draw.popular(this.songs.length)]!.artist_name;
    const rank = this.draw.popular(this.artistCount);
    let name = this.artists.get(rank);
    if (name === undefined) {
      name = this.draw.artistName();
      this.artists.set(rank, name);
    }
    return name;
  }
}
