import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'A file of a downloaded item (O10): "begin download" follows its url, which is signed, bound to this order and file, and expires; ask the order again for a fresh one, at any time (re-download). The server honours HTTP/1.1 byte ranges, so a download that stops resumes where it left off.',
})
export class DownloadFile {
  @Field(() => ID, { description: 'Stable identifier of this file of this order item.' })
  id: string;

  @Field(() => ID, { description: 'The order item (OrderItem.id) the file belongs to.' })
  orderItemId: string;

  @Field({ description: 'What the file is, e.g. "Installer for Windows".' })
  label: string;

  @Field({ description: 'The file name to save it under; do not rename it.' })
  fileName: string;

  @Field(() => Int, { description: 'Size of the file in bytes.' })
  sizeBytes: number;

  @Field({ description: 'SHA-256 of the file (hex), to check a finished download against.' })
  sha256: string;

  @Field({ description: 'Where to download it: a signed link on the graph\'s public address, valid until expiresAt.' })
  url: string;

  @Field({ description: 'When the url stops working (minutes from now); the order gives a fresh one whenever it is asked.' })
  expiresAt: Date;
}
