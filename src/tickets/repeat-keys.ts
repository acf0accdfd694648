/** The ticket_keys a call is filed under: its phone number and its place (spaces and width folded). */
export function repeatKeys(intake: { phone: string; place: string }): string[] {
  const keys: string[] = [];
  const phone = intake.phone.replace(/\s/g, '');
  const place = intake.place.normalize('NFKC').replace(/\s/g, '').toLowerCase();
  if (phone) keys.push(`phone:${phone}`);
  if (place) keys.push(`place:${place}`);
  return keys;
}
