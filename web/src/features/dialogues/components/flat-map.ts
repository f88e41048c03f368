import { type Map as MapLibreMap, type MapOptions, NavigationControl } from 'maplibre-gl';

/**
 * What every map of Passage shares (the dialogue, route, practices and portal maps): a flat map of bundled
 * outlines (no world copies, no rotation or pitch, no logo), keyboard on, the outlines' source credited, and
 * its controls named in the reader's language.
 */
export function flatMapOptions(labels: {
  title: string;
  zoomIn: string;
  zoomOut: string;
}): Pick<
  MapOptions,
  | 'renderWorldCopies'
  | 'dragRotate'
  | 'pitchWithRotate'
  | 'touchPitch'
  | 'keyboard'
  | 'maplibreLogo'
  | 'attributionControl'
  | 'locale'
> {
  return {
    renderWorldCopies: false,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    keyboard: true,
    maplibreLogo: false,
    attributionControl: { compact: true, customAttribution: 'Natural Earth (world-atlas)' },
    locale: {
      'Map.Title': labels.title,
      'NavigationControl.ZoomIn': labels.zoomIn,
      'NavigationControl.ZoomOut': labels.zoomOut,
    },
  };
}

/** Zoom buttons without a compass, and no rotation by keyboard or touch: of no use on a flat map. */
export function addFlatMapControls(map: MapLibreMap): void {
  map.keyboard.disableRotation();
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
}
