import { create as contentDisposition } from 'content-disposition';
import type { IncomingHttpHeaders } from 'node:http';
import { In, type DataSource, type Repository } from 'typeorm';
import type { Logger } from '../../../kernel/logger';
import { rangedReply, type StreamReply } from '../../../kernel/ranged-reply';
import { downloads, type ProductDelivery } from '../catalog/product.entity';
import { OrderItem } from '../orders/order-item.entity';
import { Order, OrderState } from '../orders/order.entity';
import { DownloadFile } from './download.types';
import type { FileLinks } from './file-links';
import { refusal } from './file-links';
import type { FileStorage } from './file-storage';
import { ProductFile } from './product-file.entity';

/**
 * Whether an order in this state delivers its downloads: not before a wire transfer's money
 * arrives (O3), nor once the whole order was returned (O12).
 */
export function deliversDownloads(state: OrderState): boolean {
  return state !== OrderState.AWAITING_PAYMENT && state !== OrderState.PAYMENT_LAPSED && state !== OrderState.RETURNED && state !== OrderState.REFUNDED;
}

/**
 * O10: the files of an order's downloaded items, with fresh signed links, and the download
 * itself: the link checked, the file found through the order (it must still deliver it), and
 * its bytes streamed from the storage port with HTTP/1.1 byte ranges (`kernel/ranged-reply.ts`).
 */
export class DownloadService {
  private readonly files: Repository<ProductFile>;
  private readonly orders: Repository<Order>;
  private readonly items: Repository<OrderItem>;

  constructor(
    dataSource: DataSource,
    readonly storage: FileStorage,
    readonly links: FileLinks,
    private readonly log: Logger,
  ) {
    this.files = dataSource.getRepository(ProductFile);
    this.orders = dataSource.getRepository(Order);
    this.items = dataSource.getRepository(OrderItem);
  }

  /** The files of some products, in one statement (behind a per-request DataLoader). */
  filesOf(productIds: readonly string[]): Promise<ProductFile[]> {
    return this.files.find({ where: { productId: In([...productIds]) }, order: { position: 'ASC', fileName: 'ASC' } });
  }

  /** The order's downloads, each with a link made now. */
  linksFor(order: Order, items: OrderItem[], filesByProduct: (productId: string) => ProductFile[], publicUrl: string): DownloadFile[] {
    if (!deliversDownloads(order.state)) return [];
    return items
      .filter((item) => downloads(item.delivery as ProductDelivery))
      .flatMap((item) =>
        filesByProduct(item.productId).map((file) => {
          const { url, expiresAt } = this.links.download(publicUrl, { orderId: order.id, itemId: item.id, fileId: file.id, fileName: file.fileName });
          return Object.assign(new DownloadFile(), {
            id: `${item.id}:${file.id}`,
            orderItemId: item.id,
            label: file.label,
            fileName: file.fileName,
            sizeBytes: file.sizeBytes,
            sha256: file.sha256,
            url,
            expiresAt,
          });
        }),
      );
  }

  /** GET (or HEAD) of a download link. */
  async serve(request: { method: string; url: string; headers: IncomingHttpHeaders }): Promise<StreamReply> {
    const link = this.links.verify(request.url);
    if ('status' in link) return link;
    if (link.kind !== 'download') return refusal(403, 'LINK_INVALID', 'This link is not valid. Open your order again for a working one.');
    const item = await this.items.findOneBy({ id: link.itemId, orderId: link.orderId });
    const [order, file] = item ? await Promise.all([this.orders.findOneBy({ id: link.orderId }), this.files.findOneBy({ id: link.fileId, productId: item.productId })]) : [null, null];
    if (!item || !order || !file || !deliversDownloads(order.state) || !downloads(item.delivery as ProductDelivery)) {
      return refusal(404, 'NOT_AVAILABLE', 'This download is no longer available for this order.');
    }
    const stored = await this.storage.stat(file.storageKey);
    if (!stored) {
      this.log.error({ fileId: file.id, storageKey: file.storageKey }, 'download file missing from storage');
      return refusal(404, 'NOT_AVAILABLE', 'This download is not available right now. Please try again later.');
    }
    return rangedReply(
      {
        size: stored.size,
        etag: `"${file.sha256}"`,
        lastModified: file.createdAt,
        contentType: 'application/octet-stream',
        disposition: contentDisposition(file.fileName),
        open: (range) => this.storage.read(file.storageKey, range),
      },
      request,
    );
  }
}
