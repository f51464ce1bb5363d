/** Namespace URIs of the properties Winnow reads and writes, with the prefixes tools expect. */
export const NS = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xmlns: 'http://www.w3.org/2000/xmlns/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  xmpDM: 'http://ns.adobe.com/xmp/1.0/DynamicMedia/',
  digiKam: 'http://www.digikam.org/ns/1.0/',
  darktable: 'http://darktable.sf.net/',
  MicrosoftPhoto: 'http://ns.microsoft.com/photo/1.0/',
  acdsee: 'http://ns.acdsee.com/iptc/1.0/',
} as const;

/** A property name: namespace URI, the prefix to declare if the file has none for it, local name. */
export interface XmpName {
  readonly ns: string;
  readonly prefix: string;
  readonly local: string;
}

function name(prefix: keyof typeof NS, local: string): XmpName {
  return { ns: NS[prefix], prefix, local };
}

export const RATING = name('xmp', 'Rating');
export const LABEL = name('xmp', 'Label');
export const METADATA_DATE = name('xmp', 'MetadataDate');
export const DM_PICK = name('xmpDM', 'pick');
export const DIGIKAM_PICK_LABEL = name('digiKam', 'PickLabel');
export const DIGIKAM_COLOR_LABEL = name('digiKam', 'ColorLabel');
export const DARKTABLE_COLOR_LABELS = name('darktable', 'colorlabels');
export const MS_RATING = name('MicrosoftPhoto', 'Rating');
/** ACDSee's own star rating (0-5), read only. */
export const ACDSEE_RATING = name('acdsee', 'rating');
