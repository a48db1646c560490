// What the packing screen prints, from what the device holds of a delivery: the parcel labels
// and the packing list (the PDFs themselves are made by labels.ts, loaded on the first print).
import { addressLines, type DeliveryDoc } from '$lib/warehouse/deliveries';
import type { LabelInput, PackingListInput } from '$lib/warehouse/labels';
import type { DeliveryLine, PackingState, Parcel, linesWithPacked } from '$lib/warehouse/packing';
import { trackingUrl } from '$lib/warehouse/tracking';

/** The carrier a delivery leaves with, as the printouts need it. */
export interface PrintCarrier {
	name: string;
	tracking_url: string;
}

/** The sender's address (the organization's letterhead, frozen on the note at validation) as lines. */
export function senderAddressLines(seller: DeliveryDoc['seller_snapshot']): string[] {
	if (!seller) return [];
	return [seller.address_line1 ?? '', seller.address_line2 ?? '', [seller.postcode, seller.city].filter(Boolean).join(' ')].filter(Boolean);
}

/** The labels of `list`, parcels of a delivery that has `parcelCount` of them. */
export function labelInput(doc: DeliveryDoc, parcelCount: number, list: readonly Parcel[]): LabelInput {
	return {
		senderName: doc.seller_snapshot?.activity?.trade_name || doc.seller_snapshot?.legal_name || '',
		senderAddress: senderAddressLines(doc.seller_snapshot),
		recipientName: doc.client_snapshot?.name ?? '',
		addressLines: addressLines(doc.client_snapshot),
		orderNumber: doc.source_number,
		deliveryNumber: doc.number ?? '',
		parcelCount,
		parcels: list.map((p) => ({ number: p.number, sscc: p.sscc ?? '', weightGrams: p.weight_grams }))
	};
}

/** Each parcel with what it holds, and what is left to deliver (the backorder). */
export function packingListInput(
	doc: DeliveryDoc,
	parcels: readonly Parcel[],
	lines: readonly DeliveryLine[],
	state: PackingState,
	rows: ReturnType<typeof linesWithPacked>,
	carrier: PrintCarrier | null = null
): PackingListInput {
	const byProduct = new Map(lines.filter((l) => l.product_id).map((l) => [l.product_id!, l]));
	const base = labelInput(doc, parcels.length, parcels);
	return {
		...base,
		carrierName: carrier?.name ?? null,
		parcels: parcels.map((p) => ({
			number: p.number,
			sscc: p.sscc,
			weightGrams: p.weight_grams,
			trackingNumber: p.tracking_number ?? null,
			trackingUrl: trackingUrl(carrier?.tracking_url, p.tracking_number),
			deliveredOn: p.delivered_on ?? null,
			lines: [...(state.parcels.get(p.id)?.products ?? new Map<string, number>())]
				.filter(([, q]) => q > 0)
				.map(([pid, q]) => {
					const l = byProduct.get(pid);
					return { reference: l?.reference ?? '', designation: l?.designation ?? '', quantity: q, unit: l?.unit ?? '' };
				})
		})),
		missing: rows
			.filter((r) => r.packed < r.ordered)
			.map((r) => ({ reference: r.line.reference, designation: r.line.designation, quantity: r.ordered - r.packed, unit: r.line.unit }))
	};
}

export async function downloadLabels(doc: DeliveryDoc, parcels: readonly Parcel[], list: readonly Parcel[], format: 'label' | 'a4') {
	const { labelsPdf, downloadPdf } = await import('$lib/warehouse/labels');
	const blob = await labelsPdf(labelInput(doc, parcels.length, list), format);
	downloadPdf(blob, `etiquettes-${doc.number ?? doc.id}${list.length === 1 ? `-colis-${list[0].number}` : ''}.pdf`);
}

export async function downloadPackingList(...args: Parameters<typeof packingListInput>) {
	const { packingListPdf, downloadPdf } = await import('$lib/warehouse/labels');
	const blob = await packingListPdf(packingListInput(...args));
	downloadPdf(blob, `colisage-${args[0].number ?? args[0].id}.pdf`);
}
